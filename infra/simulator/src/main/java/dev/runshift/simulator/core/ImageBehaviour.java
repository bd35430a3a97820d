package dev.runshift.simulator.core;

/**
 * How a container image behaves once deployed: its 5xx rate (fraction), latency distribution (p50 and
 * p99 in milliseconds), and, when {@code readinessFailure} is set, the message of a revision that never
 * becomes ready (as a crashing container would).
 */
public record ImageBehaviour(double errorRate, double p50Ms, double p99Ms, String readinessFailure) {

  /** 0.1% errors, p50 40 ms, p99 200 ms, becomes ready. */
  public static ImageBehaviour healthy() {
    return new ImageBehaviour(0.001, 40, 200, null);
  }

  public ImageBehaviour withErrorRate(double rate) {
    return new ImageBehaviour(rate, p50Ms, p99Ms, readinessFailure);
  }

  public ImageBehaviour withLatency(double p50, double p99) {
    return new ImageBehaviour(errorRate, p50, p99, readinessFailure);
  }

  public ImageBehaviour failingReadiness(String message) {
    return new ImageBehaviour(errorRate, p50Ms, p99Ms, message);
  }
}
