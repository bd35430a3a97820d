package dev.runshift.config;

import dev.runshift.ports.ImageRef;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runshift.policy.RolloutPolicy;
import dev.runshift.ports.ServiceRef;
import dev.runshift.service.QueueMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RoutingConfigsTest {
  static final String REPO = "europe-west1-docker.pkg.dev/acme/apps/checkout";

  @Test
  void loadsRoutesPoliciesAndFleets(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("policies"));
    Files.writeString(dir.resolve("policies/careful.yaml"), "steps: [1, 10, 100]\nsoak: 15m\n");
    Files.writeString(dir.resolve("policies/us.json"), "{\"steps\": [50, 100]}");
    Path config = dir.resolve("runshift.yaml");
    Files.writeString(config, """
        policies:
          careful: policies/careful.yaml
          fast: { steps: [50, 100], soak: 1m }
        routes:
          - image: %s
            tags: "v[0-9]+\\\\..*"
            services:
              - project: acme-prod
                region: europe-west1
                service: checkout
                policy: careful
                mode: abort_current
              - { project: acme-prod, region: us-central1, service: checkout, policyFile: policies/us.json }
              - { project: acme-prod, region: asia-east1, service: checkout, policy: { soak: 2m } }
          - image: gcr.io/acme/worker
            services:
              - { project: acme-prod, region: europe-west1, service: worker }
        fleets:
          - name: edge
            selector: { tier: edge }
            policy: fast
        """.formatted(REPO));

    RoutingConfig cfg = RoutingConfigs.load(config);

    assertEquals(2, cfg.routes().size());
    ImageRoute checkout = cfg.routes().get(0);
    assertEquals(REPO, checkout.repository());
    assertTrue(checkout.matches(ImageRef.parse(REPO + ":v1.2")));
    assertTrue(!checkout.matches(ImageRef.parse(REPO + ":latest")));
    assertTrue(!checkout.matches(ImageRef.parse(REPO + "x:v1.2")));
    List<ServiceTarget> targets = checkout.services();
    assertEquals(new ServiceRef("acme-prod", "europe-west1", "checkout"), targets.get(0).service());
    assertSame(cfg.policies().get("careful"), targets.get(0).policy());
    assertEquals(Duration.ofMinutes(15), targets.get(0).policy().soak());
    assertEquals(QueueMode.ABORT_CURRENT, targets.get(0).mode());
    assertEquals(List.of(50, 100), targets.get(1).policy().steps());
    assertEquals("policies/us.json", targets.get(1).policySource());
    assertEquals(Duration.ofMinutes(2), targets.get(2).policy().soak());
    assertEquals(RolloutPolicy.defaults().steps(), targets.get(2).policy().steps());
    assertEquals("inline", targets.get(2).policySource());
    ServiceTarget worker = cfg.routes().get(1).services().get(0);
    assertNull(worker.policy());
    assertNull(worker.mode());
    assertTrue(cfg.routes().get(1).matches(ImageRef.parse("gcr.io/acme/worker")));
    assertEquals(List.of(new FleetSpec("edge", Map.of("tier", "edge"), "fast")), cfg.fleets());
  }

  @Test
  void jsonConfigsWork() {
    RoutingConfig cfg = RoutingConfigs.parse("r.json", """
        {"routes": [{"image": "gcr.io/a/b", "services": [{"project": "p1", "region": "r1", "service": "s1"}]}]}
        """, null);
    assertEquals("gcr.io/a/b", cfg.routes().get(0).repository());
  }

  @Test
  void anEmptyConfigRoutesNothing() {
    RoutingConfig cfg = RoutingConfigs.parse("r.yaml", "", null);
    assertEquals(RoutingConfig.empty(), cfg);
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "routes: [{image: 'gcr.io/a/b:v1', services: [{project: p, region: r, service: s}]}] | routes[0].image | repository only",
        "routes: [{image: 'gcr.io/a/b', tags: '(', services: [{project: p, region: r, service: s}]}] | routes[0].tags | regular expression",
        "routes: [{image: 'gcr.io/a/b', services: []}] | routes[0].services | at least one",
        "routes: [{image: 'gcr.io/a/b', services: [{project: p, region: r}]}] | routes[0].services[0].service | required",
        "routes: [{image: 'gcr.io/a/b', services: [{project: P_1, region: r, service: s}]}] | routes[0].services[0].project | not a valid name",
        "routes: [{image: 'gcr.io/a/b', services: [{project: p, region: r, service: s}, {project: p, region: r, service: s}]}] | routes[0].services[1] | twice",
        "routes: [{image: 'gcr.io/a/b', services: [{project: p, region: r, service: s, policy: nope}]}] | routes[0].services[0].policy | no policy named",
        "routes: [{image: 'gcr.io/a/b', services: [{project: p, region: r, service: s, policy: {steps: [5]}}]}] | routes[0].services[0].policy.steps | ",
        "routes: [{image: 'gcr.io/a/b', services: [{project: p, region: r, service: s, policy: {soak: later}}]}] | routes[0].services[0].policy.soak | not a duration",
        "routes: [{image: 'gcr.io/a/b', services: [{project: p, region: r, service: s, policy: {}, policyFile: x.yaml}]}] | routes[0].services[0] | not both",
        "routes: [{image: 'gcr.io/a/b', services: [{project: p, region: r, service: s, policyFile: missing.yaml}]}] | routes[0].services[0].policyFile | does not exist",
        "routes: [{image: 'gcr.io/a/b', services: [{project: p, region: r, service: s, mode: sometimes}]}] | routes[0].services[0].mode | ",
        "routes: [{image: 'gcr.io/a/b', services: [{project: p, region: r, service: s, colour: red}]}] | routes[0].services[0].colour | unknown field",
        "rootes: [] | rootes | unknown field",
        "routes: [{image: 'gcr.io/a/b', services: [{project: p, region: r, service: Bad_Name}]}] | routes[0].services[0].service | not a Cloud Run service name",
        "fleets: [{name: edge, selector: {}}] | fleets[0].selector | at least one label",
        "fleets: [{name: edge, selector: {a: b}}, {name: edge, selector: {a: c}}] | fleets[1].name | twice",
        "fleets: [{name: edge, selector: {a: b}, policy: fast}] | fleets[0].policy | no policy named",
        "policies: {fast: {steps: [100], sock: 1m}} | policies.fast.sock | unknown policy field",
      })
  void errorsNameTheField(String yaml, String field, String fragment, @TempDir Path dir) {
    ConfigException e =
        assertThrows(ConfigException.class, () -> RoutingConfigs.parse("routing.yaml", yaml, dir));
    assertEquals(field, e.field(), e.getMessage());
    assertTrue(e.getMessage().startsWith("routing.yaml: " + field + ": "), e.getMessage());
    if (fragment != null) {
      assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }
  }

  @Test
  void aKeyGivenTwiceIsAnErrorNamingIt() {
    ConfigException e = assertThrows(ConfigException.class, () -> RoutingConfigs.parse("routing.yaml", """
        policies:
          fast: {steps: [100]}
          fast: {steps: [50, 100]}
        """, null));
    assertTrue(e.getMessage().startsWith("routing.yaml: "), e.getMessage());
    assertTrue(e.getMessage().contains("Duplicate field 'fast'"), e.getMessage());
  }

  @Test
  void aPolicyFileErrorNamesThatFile(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("bad.yaml"), "soak: forever\n");
    ConfigException e = assertThrows(ConfigException.class, () -> RoutingConfigs.parse("routing.yaml",
        "policies: {p: bad.yaml}", dir));
    assertTrue(e.getMessage().contains("bad.yaml: soak: "), e.getMessage());
  }

  @Test
  void theDocumentedExampleLoads() {
    RoutingConfig cfg = RoutingConfigs.load(Path.of("examples", "routing.yaml"));
    assertEquals(2, cfg.routes().size());
    assertEquals(List.of("careful", "quick"), List.copyOf(new java.util.TreeSet<>(cfg.policies().keySet())));
    RolloutPolicy careful = cfg.policies().get("careful");
    assertEquals(List.of(1, 10, 50, 100), careful.steps());
    assertEquals(200, careful.smoke().expectedStatus());
    ServiceTarget us = cfg.routes().get(0).services().get(1);
    assertEquals(800.0, us.policy().maxP99Ms());
    assertEquals(RolloutPolicy.defaults().steps(), us.policy().steps());
    assertEquals(1, cfg.fleets().size());
  }
}
