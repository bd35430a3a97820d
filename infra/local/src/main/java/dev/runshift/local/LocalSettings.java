package dev.runshift.local;

import dev.runshift.activities.google.LroPolling;
import dev.runshift.policy.Analysis;
import dev.runshift.policy.VerdictPolicy;
import dev.runshift.policy.PolicyBuilder;
import dev.runshift.policy.RolloutPolicy;
import dev.runshift.simulator.core.SimConfig;
import java.time.Duration;

/**
 * The timings of the local stack. Google Cloud's are minutes (60 s metric samples, builds of minutes);
 * the local ones are seconds so that a whole rollout fits in a demo, and they are printed as such.
 *
 * @param simulator simulator settings: sample period, revision readiness, build delays, request rate
 * @param policy the rollout policy releases use unless a request carries one
 */
public record LocalSettings(
    SimConfig simulator, RolloutPolicy policy, LroPolling deployPolling, LroPolling buildPolling) {

  /**
   * Demo timings: 1 s metric samples, revisions ready in 1 s, builds queued 1 s and working 1 s, 400
   * requests per second; steps 5, 25, 50, 100 with at least 6 s at each step and an analysis every 2 s, judged by the
   * sequential analysis.
   */
  public static LocalSettings demo() {
    SimConfig sim =
        SimConfig.defaults()
            .withSamplePeriod(Duration.ofSeconds(1))
            .withRevisionReadyDelay(Duration.ofSeconds(1))
            .withBuildDelays(Duration.ofSeconds(1), Duration.ofSeconds(1))
            .withDefaultRequestRate(400);
    RolloutPolicy policy =
        PolicyBuilder.defaults()
            .steps(5, 25, 50, 100)
            .soak(Duration.ofSeconds(6))
            .analysisInterval(Duration.ofSeconds(2))
            .minRequests(20)
            .maxErrorRate(0.02)
            .maxWaitForTraffic(Duration.ofMinutes(1))
            // Seconds instead of hours: a 1-minute baseline, and a detectable increase of 1 point so that
            // a healthy candidate is shown not worse within seconds at 400 requests/s; alpha 0.1% so
            // that the demo's healthy v2 is rolled back by chance at most once in a thousand runs.
            .verdict(new VerdictPolicy(Analysis.SEQUENTIAL, 0.001, 0.01, 1.0, 2.0, 0.01, Duration.ofMinutes(1)))
            .build();
    LroPolling fast = new LroPolling(Duration.ofMillis(200), 1.5, Duration.ofSeconds(1));
    return new LocalSettings(sim, policy, fast, fast);
  }

  public LocalSettings withPolicy(RolloutPolicy newPolicy) {
    return new LocalSettings(simulator, newPolicy, deployPolling, buildPolling);
  }
}
