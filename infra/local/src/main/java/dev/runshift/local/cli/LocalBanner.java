package dev.runshift.local.cli;

import dev.runshift.local.LocalSettings;
import dev.runshift.local.LocalStack;
import dev.runshift.policy.RolloutPolicy;
import dev.runshift.policy.VerdictPolicy;
import dev.runshift.service.ServiceIds;
import dev.runshift.simulator.core.SimConfig;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.stream.Collectors;

/** Prints where the local stack listens, and its timings and policy, clearly labelled as local. */
final class LocalBanner {
  private LocalBanner() {}

  static void printStack(LocalStack stack, PrintWriter out) {
    out.printf("%n   Temporal            %s (namespace %s; %s)%n", stack.temporalAddress(), stack.namespace(),
        stack.externalTemporal() ? "external server: its Web UI shows the releases" : "test server, real time");
    out.printf("   Google Cloud (sim)  %s gRPC: Cloud Run, Cloud Build, Monitoring, Pub/Sub%n", stack.simulatorEndpoint());
    out.printf("   simulator control   %s%n", stack.controlUrl());
    out.printf("   trigger             %s%n", LocalStack.DEMO_SUBSCRIPTION);
    if (stack.externalTemporal()) {
      out.printf("   in its Web UI       search RunshiftService = \"%s\"; signal the entity %s (README)%n",
          LocalStack.DEMO_SERVICE, ServiceIds.entityId(LocalStack.DEMO_SERVICE));
    }
    out.flush();
  }

  static void printTimings(LocalSettings settings, PrintWriter out) {
    SimConfig sim = settings.simulator();
    RolloutPolicy p = settings.policy();
    out.printf("%n   LOCAL DEMO TIMINGS (in Google Cloud these are minutes):%n");
    out.printf("   metrics sampled every %s (Cloud Monitoring: 60s), revisions ready in %s, builds %s queued + %s working%n",
        human(sim.samplePeriod()), human(sim.revisionReadyDelay()), human(sim.buildQueueDelay()), human(sim.buildWorkDelay()));
    out.printf("   policy: steps %s, at least %s per step, analysis every %s (defaults: none, analysis 1m)%n",
        p.steps().stream().map(s -> s + "%").collect(Collectors.joining(" -> ")), human(p.soak()), human(p.analysisInterval()));
    VerdictPolicy v = p.verdict();
    if (v.sequential()) {
      out.printf("           sequential verdicts: roll back once 5xx is shown above %sx stable's or above %.1f%%"
              + " (alpha %s); advance after >= %d candidate requests per step, and into 100%% only once 5xx is"
              + " shown below %sx stable's or +%.1f points (beta %s)%n",
          trim(v.maxErrorRatio()), p.maxErrorRate() * 100, trim(v.alpha()), p.minRequests(),
          trim(v.detectErrorRatio()), v.detectErrorIncrease() * 100, trim(v.beta()));
    } else {
      out.printf("           healthy when >= %d candidate requests and <= %.1f%% 5xx; %d unhealthy in a row -> %s%n",
          p.minRequests(), p.maxErrorRate() * 100, p.failureLimit(), p.onFailure().name().toLowerCase());
    }
    out.flush();
  }

  private static String trim(double value) {
    return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
  }

  static String human(Duration d) {
    if (d.toMillis() % 1000 != 0) {
      return d.toMillis() + "ms";
    }
    long s = d.toSeconds();
    return s % 60 == 0 && s > 0 ? (s / 60) + "m" : s + "s";
  }
}
