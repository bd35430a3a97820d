package dev.runshift.simulator.pubsub;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.runshift.simulator.testing.PubSubEmulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The trigger contract against the official Pub/Sub emulator, started as a child process. Each test is
 * reported skipped, with the reason, when the emulator is not installed (failed instead when
 * {@code RUNSHIFT_REQUIRE_PUBSUB_EMULATOR=1}).
 */
class PubSubEmulatorTriggerTest extends PubSubTriggerContract {
  private static PubSubEmulator emulator;

  @BeforeAll
  static void startEmulator() {
    emulator = PubSubEmulator.startIfInstalled().orElse(null);
  }

  @AfterAll
  static void stopEmulator() {
    if (emulator != null) {
      emulator.close();
    }
  }

  @Override
  String endpoint() {
    assumeTrue(emulator != null, PubSubEmulator.MISSING);
    return emulator.endpoint();
  }
}
