package dev.runshift.trigger;

/**
 * The trigger contract against the official Pub/Sub emulator (or, when {@code RUNSHIFT_PUBSUB_ENDPOINT}
 * is set, against that endpoint, e.g. the simulator). Without the emulator the class is skipped with a
 * message, unless {@code RUNSHIFT_REQUIRE_PUBSUB_EMULATOR=1}, which makes it fail instead.
 */
class BuildNotificationTriggerEmulatorTest extends BuildNotificationTriggerContract {

  @Override
  protected PubSubBackend startBackend() {
    String endpoint = System.getenv("RUNSHIFT_PUBSUB_ENDPOINT");
    // surefire passes an unset variable through as its literal ${...}
    if (endpoint != null && !endpoint.isBlank() && !endpoint.startsWith("${")) {
      return PubSubBackend.external(endpoint);
    }
    return PubSubBackend.emulatorOrSkip();
  }
}
