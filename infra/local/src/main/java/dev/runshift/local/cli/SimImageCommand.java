package dev.runshift.local.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code runshift sim image IMAGE --error-rate 0.1 [--service S]}: how an image behaves once deployed, on
 * every service or on one (a rule for the image on S wins over the image's global rule, on S only).
 */
@Command(name = "image", description = "Set how an image behaves once deployed (errors, latency, readiness),"
    + " on every service or, with --service, on one.")
public final class SimImageCommand implements Callable<Integer> {
  @ParentCommand SimCommand sim;
  @Spec CommandSpec spec;
  @Mixin SimOptions simOptions;
  @Mixin SimServiceFilterOptions target;

  @Parameters(index = "0", paramLabel = "IMAGE", description = "An exact image reference, or a regex with --pattern.")
  String image;

  @Option(names = "--pattern", description = "Treat IMAGE as a regular expression over image references.")
  boolean pattern;

  @Option(names = "--error-rate", description = "Fraction of requests answered 5xx, 0..1.")
  Double errorRate;

  @Option(names = "--p50", paramLabel = "MS", description = "Median latency in milliseconds.")
  Double p50;

  @Option(names = "--p99", paramLabel = "MS", description = "99th percentile latency in milliseconds.")
  Double p99;

  @Option(names = "--not-ready", paramLabel = "MESSAGE", description = "Revisions never become ready, with this message.")
  String notReady;

  @Override
  public Integer call() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put(pattern ? "pattern" : "image", image);
    body.put("errorRate", errorRate);
    body.put("p50Ms", p50);
    body.put("p99Ms", p99);
    body.put("readinessFailure", notReady);
    target.addTo(body, sim.root.env());
    SimPrinter.print(spec, simOptions.client(sim.root.env()).post("/images", body));
    return 0;
  }
}
