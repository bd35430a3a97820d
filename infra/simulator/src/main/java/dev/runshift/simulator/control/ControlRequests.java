package dev.runshift.simulator.control;

/** The JSON bodies of control operations. */
final class ControlRequests {
  private ControlRequests() {}

  /** How one image (exact reference) or a pattern of images (regular expression) behaves. */
  record ImageBehaviourRequest(
      String image, String pattern, Double errorRate, Double p50Ms, Double p99Ms, String readinessFailure) {}
}
