package dev.runshift.local.cli;

import dev.runshift.cli.CliRun;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runshift.simulator.ManualClock;
import dev.runshift.simulator.Simulator;
import dev.runshift.simulator.control.ControlServer;
import dev.runshift.simulator.core.ErrorBurst;
import dev.runshift.simulator.core.ImageBehaviour;
import dev.runshift.simulator.core.RequestRate;
import dev.runshift.simulator.core.SimConfig;
import dev.runshift.simulator.run.CloudRunSim;
import dev.runshift.simulator.run.RateChange;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code runshift sim rate}, {@code sim image --service} and {@code sim burst} against a simulator's control API
 * (no Temporal needed), on a manual clock: what they set, and the one-line errors for bad input.
 */
class SimTrafficCommandsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String IMAGE = "us-docker.pkg.dev/demo/apps/shop@sha256:" + "1".repeat(64);
  private static final String SHOP = CloudRunSim.serviceName("demo", "us-central1", "shop");

  private final ManualClock clock = ManualClock.atEpochMinute();
  private Simulator sim;
  private ControlServer control;
  private Map<String, String> env;

  @BeforeEach
  void start() {
    sim = Simulator.start(SimConfig.defaults(), clock.simClock());
    control = ControlServer.start(sim, 0);
    env = Map.of("RUNSHIFT_SIM", control.url(), "RUNSHIFT_PROJECT", "demo");
    sim.cloudRun().createService("demo", "us-central1", "shop", IMAGE);
  }

  @AfterEach
  void stop() {
    control.close();
    sim.close();
  }

  private CliRun ok(String... args) {
    CliRun r = LocalCli.run(env, args);
    assertEquals(0, r.exitCode(), r.toString());
    return r;
  }

  /** A command refused with one line, {@code runshift: ...} containing {@code reason}, and exit 1. */
  private void refused(String reason, String... args) {
    CliRun r = LocalCli.run(env, args);
    assertEquals(1, r.exitCode(), r.toString());
    assertEquals(1, r.errLines().length, r.toString());
    assertTrue(r.errLines()[0].startsWith("runshift: ") && r.errLines()[0].contains(reason), r.toString());
  }

  private RateChange lastRate() {
    List<RateChange> rates = sim.cloudRun().rateHistory(SHOP);
    return rates.get(rates.size() - 1);
  }

  @Test
  void rateSetsAConstantADailyCurveOrAStepChange() throws Exception {
    ok("sim", "rate", "shop", "25");
    assertEquals(new RateChange(clock.now(), 25), lastRate());

    JsonNode daily = JSON.readTree(ok("sim", "rate", "shop", "100", "--amplitude", "0.5", "--peak-hour", "14").out());
    assertEquals("daily", daily.path("rate").path("type").asText(), daily.toString());
    assertEquals(new RateChange(clock.now(), RequestRate.daily(100, 0.5, 14)), lastRate());

    ok("sim", "rate", "shop", "7", "--from", "+10m");
    assertEquals(new RateChange(clock.now().plus(Duration.ofMinutes(10)), 7), lastRate());
    ok("sim", "rate", "shop", "9", "--from", "2026-01-02T00:00:00Z");
    assertEquals(new RateChange(Instant.parse("2026-01-02T00:00:00Z"), 9), lastRate());
  }

  @Test
  void badRatesAreOneLineErrors() {
    refused("amplitude must be in [0, 1], was 2.0", "sim", "rate", "shop", "10", "--amplitude", "2", "--peak-hour", "3");
    refused("peakHourUtc must be in [0, 24), was 25.0", "sim", "rate", "shop", "10", "--amplitude", "0.2", "--peak-hour", "25");
    refused("needs both --amplitude and --peak-hour", "sim", "rate", "shop", "10", "--amplitude", "0.2");
    refused("cannot start in the past", "sim", "rate", "shop", "10", "--from", "2020-01-01T00:00:00Z");
    refused("'soon' is not a time", "sim", "rate", "shop", "10", "--from", "soon");
    refused("simulator: no service projects/demo/locations/us-central1/services/nosuch", "sim", "rate", "nosuch", "10");
    refused("rps must be a finite number >= 0, was -5.0", "sim", "rate", "shop", "-5");
    CliRun notANumber = LocalCli.run(env, "sim", "rate", "shop", "lots");
    assertEquals(2, notANumber.exitCode(), "a usage error: " + notANumber);
    assertEquals(1, sim.cloudRun().rateHistory(SHOP).size(), "nothing was changed");
  }

  @Test
  void imageCanBeScopedToAService() {
    ok("sim", "image", IMAGE, "--error-rate", "0.4", "--service", "shop");
    assertEquals(0.4, sim.images().of(SHOP, IMAGE).errorRate());
    assertEquals(ImageBehaviour.healthy().errorRate(), sim.images().of(IMAGE).errorRate(), "other services keep theirs");
    ok("sim", "image", IMAGE, "--error-rate", "0.05", "--p50", "120", "--p99", "900");
    assertEquals(ImageBehaviour.healthy().withErrorRate(0.05).withLatency(120, 900), sim.images().of(IMAGE));
    assertEquals(0.4, sim.images().of(SHOP, IMAGE).errorRate(), "the service's rule still wins there");

    refused("errorRate must be a fraction in [0, 1], was 1.5", "sim", "image", IMAGE, "--error-rate", "1.5");
    refused("errorRate must be a fraction in [0, 1], was -0.1", "sim", "image", IMAGE, "--error-rate=-0.1");
    refused("p99Ms must be finite and >= p50Ms", "sim", "image", IMAGE, "--p50", "300", "--p99", "100");
    refused("no service projects/demo/locations/us-central1/services/nosuch", "sim", "image", IMAGE, "--service", "nosuch");
    refused("--project and --region name a service only with --service", "sim", "image", IMAGE, "--project", "demo");
  }

  @Test
  void burstAddsAnErrorBurstAndListsThem() throws Exception {
    ok("sim", "burst", "--service", "shop", "--error-rate", "0.5", "--from", "+1m", "--to", "+6m");
    ok("sim", "burst", "--image", IMAGE, "--error-rate", "1", "--from", "now", "--to", "+30s");
    Instant now = clock.now();
    assertEquals(List.of(
        ErrorBurst.ofService(SHOP, now.plusSeconds(60), now.plusSeconds(360), 0.5),
        ErrorBurst.ofImage(IMAGE, now, now.plusSeconds(30), 1)), sim.images().errorBursts());
    JsonNode listed = JSON.readTree(ok("sim", "burst", "--list").out());
    assertEquals(2, listed.path("bursts").size(), listed.toString());
    assertEquals(SHOP, listed.path("bursts").get(0).path("service").asText());

    refused("must be before to", "sim", "burst", "--service", "shop", "--error-rate", "0.5", "--from", "+6m", "--to", "+1m");
    refused("must be before to", "sim", "burst", "--service", "shop", "--error-rate", "0.5", "--from", "+1m", "--to", "+1m");
    refused("errorRate must be a fraction in [0, 1], was 2.0",
        "sim", "burst", "--image", IMAGE, "--error-rate", "2", "--from", "+1m", "--to", "+2m");
    refused("name what fails", "sim", "burst", "--error-rate", "0.5", "--from", "+1m", "--to", "+2m");
    refused("needs --error-rate, --from and --to", "sim", "burst", "--service", "shop", "--error-rate", "0.5");
    refused("no service projects/demo/locations/us-central1/services/nosuch",
        "sim", "burst", "--service", "nosuch", "--error-rate", "0.5", "--from", "+1m", "--to", "+2m");
    assertEquals(2, sim.images().errorBursts().size(), "nothing more was added");
  }
}
