package dev.runshift.simulator.core;

/**
 * How a container image behaves once deployed: its 5xx rate (fraction), latency distribution (p50 and
 * p99 in milliseconds), and, when {@code readinessFailure} is set, the message of a revision that never
 * becomes ready (as a crashing container would).
 *
 * @param errorRate the probability that a request is answered 5xx, in [0, 1]
 * @param p50Ms the median latency, > 0
 * @param p99Ms the 99th percentile latency, >= {@code p50Ms}
 */
public record ImageBehaviour(double errorRate, double p50Ms, double p99Ms, String readinessFailure) {

  public ImageBehaviour {
    if (!(errorRate >= 0 && errorRate <= 1)) {
      throw new IllegalArgumentException("errorRate must be a fraction in [0, 1], was " + errorRate);
    }
    if (!(p50Ms > 0) || Double.isInfinite(p50Ms)) {
      throw new IllegalArgumentException("p50Ms must be a finite number > 0, was " + p50Ms);
    }
    if (!(p99Ms >= p50Ms) || Double.isInfinite(p99Ms)) {
      throw new IllegalArgumentException("p99Ms must be finite and >= p50Ms (" + p50Ms + "), was " + p99Ms);
    }
  }

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
