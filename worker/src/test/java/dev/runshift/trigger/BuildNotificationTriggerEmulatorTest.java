package dev.runshift.trigger;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * The trigger contract against the official Pub/Sub emulator (or, when {@code RUNSHIFT_PUBSUB_ENDPOINT}
 * is set, against that endpoint, e.g. the simulator). Without the emulator the class is skipped with a
 * message, unless {@code RUNSHIFT_REQUIRE_PUBSUB_EMULATOR=1}, which makes it fail instead.
 */
class BuildNotificationTriggerEmulatorTest extends BuildNotificationTriggerContract {

  @Override
  protected PubSubBackend startBackend() {
    Optional<String> endpoint = env("RUNSHIFT_PUBSUB_ENDPOINT");
    if (endpoint.isPresent()) {
      return PubSubBackend.external(endpoint.get());
    }
    Optional<Path> jar = PubSubBackend.emulatorJar();
    if (jar.isEmpty()) {
      String message = "Pub/Sub emulator not found under " + PubSubBackend.EMULATOR_HOME
          + " (install it with `gcloud components install pubsub-emulator`)";
      if (env("RUNSHIFT_REQUIRE_PUBSUB_EMULATOR").filter("1"::equals).isPresent()) {
        fail(message + " and RUNSHIFT_REQUIRE_PUBSUB_EMULATOR=1");
      }
      System.err.println("SKIPPED trigger tests against the Pub/Sub emulator: " + message);
      Assumptions.abort(message);
    }
    return PubSubBackend.startEmulator(jar.get(), Path.of("target", "pubsub-emulator.log"));
  }

  /** A set environment variable; surefire passes an unset one through as its literal ${...}. */
  private static Optional<String> env(String name) {
    String value = System.getenv(name);
    if (value == null || value.isBlank() || value.startsWith("${")) {
      return Optional.empty();
    }
    return Optional.of(value);
  }
}
