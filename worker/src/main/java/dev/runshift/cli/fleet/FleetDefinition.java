package dev.runshift.cli.fleet;

import dev.runshift.cli.CliException;
import dev.runshift.config.Durations;
import dev.runshift.config.PolicyFiles;
import dev.runshift.fleet.FleetRequest;
import dev.runshift.fleet.FleetSelector;
import dev.runshift.policy.RolloutPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** The options that define a fleet redeploy (shared by {@code fleet start} and {@code fleet schedule create}). */
public final class FleetDefinition {
  @Option(names = "--project", paramLabel = "PROJECT", split = ",",
      description = "Project(s) to select from (repeatable or comma-separated; default: RUNSHIFT_PROJECT).")
  List<String> projects = new ArrayList<>();

  @Option(names = "--region", paramLabel = "REGION", split = ",",
      description = "Region(s) to select from (repeatable or comma-separated; default: RUNSHIFT_REGION, else us-central1).")
  List<String> regions = new ArrayList<>();

  @Option(names = "--label", paramLabel = "KEY=VALUE",
      description = "Only services with this Cloud Run label (repeatable; all must match).")
  List<String> labels = new ArrayList<>();

  @Option(names = "--running-from", paramLabel = "REPOSITORY",
      description = "Only services currently serving an image from this repository.")
  String runningFrom;

  @Option(names = "--image", required = true, paramLabel = "IMAGE",
      description = "Target image: repository@sha256:… or repository:tag (resolved once, at the start).")
  String image;

  @Option(names = "--waves", paramLabel = "LIST", split = ",", defaultValue = "1,10%,100%",
      description = "Cumulative waves, counts or percentages (default: ${DEFAULT-VALUE}).")
  List<String> waves;

  @Option(names = "--max-in-flight", defaultValue = "10", description = "Releases unsettled at once (default: ${DEFAULT-VALUE}).")
  int maxInFlight;

  @Option(names = "--max-failures", defaultValue = "1",
      description = "Stop starting after this many failed releases (default: ${DEFAULT-VALUE}; 0: percentage only).")
  int maxFailures;

  @Option(names = "--max-failure-percent", paramLabel = "PCT",
      description = "Stop starting once failures reach this share of the selected services.")
  Double maxFailurePercent;

  @Option(names = "--policy", paramLabel = "FILE", description = "Rollout policy for every release (default: each service's).")
  Path policyFile;

  @Option(names = "--bake", paramLabel = "DURATION", description = "Wait this long after each wave (e.g. 30m).")
  String bake;

  @Option(names = "--approve-waves", description = "Wait for `runshift fleet approve` after each wave.")
  boolean approveWaves;

  @Option(names = "--writes-per-minute", defaultValue = "0",
      description = "Cloud Run write quota per region to pace starts under (0: no pacing).")
  int writesPerMinute;

  @Option(names = "--writes-per-release", defaultValue = "0",
      description = "Cloud Run writes one release makes (0: estimate from the policy).")
  int writesPerRelease;

  @Option(names = "--services-per-run", defaultValue = "100", hidden = true,
      description = "Continue-as-new after this many starts.")
  int servicesPerRun;

  /** The request, validated; defaults from {@code env}. */
  public FleetRequest request(Map<String, String> env) {
    List<String> p = projects.isEmpty() ? listOf(env.getOrDefault("RUNSHIFT_PROJECT", env.get("GOOGLE_CLOUD_PROJECT"))) : projects;
    if (p.isEmpty()) {
      throw new CliException("no project: pass --project or set RUNSHIFT_PROJECT");
    }
    List<String> r = regions.isEmpty() ? List.of(env.getOrDefault("RUNSHIFT_REGION", "us-central1")) : regions;
    try {
      RolloutPolicy policy = policyFile == null ? null : PolicyFiles.load(policyFile);
      Duration bakeTime = bake == null ? null : Durations.parse(bake);
      String user = env.getOrDefault("USER", env.getOrDefault("USERNAME", "unknown"));
      return new FleetRequest(
          new FleetSelector(p, r, FleetSelector.parseLabels(labels), runningFrom), image, waves, maxInFlight,
          maxFailures, maxFailurePercent, policy, bakeTime, approveWaves, writesPerMinute, writesPerRelease,
          servicesPerRun, "cli:" + user).validated();
    } catch (IllegalArgumentException e) {
      throw new CliException(e.getMessage(), e);
    }
  }

  private static List<String> listOf(String value) {
    return value == null || value.isBlank() ? List.of() : List.of(value);
  }
}
