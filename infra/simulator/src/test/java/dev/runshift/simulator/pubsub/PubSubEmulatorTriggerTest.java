package dev.runshift.simulator.pubsub;

import dev.runshift.simulator.testing.PubSubEmulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The trigger contract against the official Pub/Sub emulator, started as a child process; skipped with a
 * reason when it is not installed (failed instead when {@code RUNSHIFT_REQUIRE_PUBSUB_EMULATOR=1}).
 */
class PubSubEmulatorTriggerTest extends PubSubTriggerContract {
  private static PubSubEmulator emulator;

  @BeforeAll
  static void startEmulator() {
    emulator = PubSubEmulator.startOrSkip();
  }

  @AfterAll
  static void stopEmulator() {
    if (emulator != null) {
      emulator.close();
    }
  }

  @Override
  String endpoint() {
    return emulator.endpoint();
  }
}
