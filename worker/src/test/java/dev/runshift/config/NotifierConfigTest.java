package dev.runshift.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runshift.activities.notify.SinkSpec;
import dev.runshift.activities.notify.SinkSpec.Kind;
import dev.runshift.ports.ServiceRef;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The routing config's {@code notifiers} and each route's {@code notify}. */
class NotifierConfigTest {
  private static final Map<String, String> ENV = Map.of("SLACK_URL", "https://hooks.slack.com/services/T/B/X",
      "HOOK_KEY", "s3cret");
  private static final ServiceRef CHECKOUT = new ServiceRef("acme-prod", "europe-west1", "checkout");
  private static final ServiceRef WORKER = new ServiceRef("acme-prod", "europe-west1", "worker");

  private static RoutingConfig parse(String notifiers, String notify) {
    return RoutingConfigs.parse("routing.yaml", """
        notifiers:
        %s
        routes:
          - image: europe-west1-docker.pkg.dev/acme/apps/checkout
            notify: %s
            services:
              - { project: acme-prod, region: europe-west1, service: checkout }
          - image: europe-west1-docker.pkg.dev/acme/apps/worker
            services:
              - { project: acme-prod, region: europe-west1, service: worker }
        """.formatted(notifiers.indent(2).stripTrailing(), notify), null, ENV);
  }

  @Test
  void notifiersAreParsedAndRoutesNameThem() {
    RoutingConfig cfg = parse("""
        audit: { type: pubsub, topic: projects/acme-ops/topics/runshift-events }
        ci: { type: webhook, url: "https://ci.acme.dev/hooks/runshift", secretEnv: HOOK_KEY, timeout: 5s, events: [promoted, rolled-back] }
        ops: { type: slack, urlEnv: SLACK_URL }
        """, "[audit, ops, ci]");

    assertEquals(new SinkSpec("audit", Kind.PUBSUB, "projects/acme-ops/topics/runshift-events", null, null, null),
        cfg.notifiers().get("audit"));
    SinkSpec ci = cfg.notifiers().get("ci");
    assertEquals("https://ci.acme.dev/hooks/runshift", ci.target());
    assertEquals("s3cret", ci.secret());
    assertEquals(Duration.ofSeconds(5), ci.timeout());
    assertEquals(Set.of("promoted", "rolled-back"), ci.events());
    SinkSpec ops = cfg.notifiers().get("ops");
    assertEquals("https://hooks.slack.com/services/T/B/X", ops.target());
    assertEquals(SinkSpec.SLACK_DEFAULT_EVENTS, ops.events());
    assertNull(ops.secret());

    assertEquals(List.of("audit", "ops", "ci"), cfg.notifiersOf(CHECKOUT).stream().map(SinkSpec::name).toList());
    assertEquals(List.of(), cfg.notifiersOf(WORKER));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "audit: { type: kafka, topic: t }|[audit]|notifiers.audit.type|\"kafka\" is not pubsub, webhook or slack",
      "audit: { type: pubsub, topic: runshift-events }|[audit]|notifiers.audit.topic|is not projects/PROJECT/topics/TOPIC",
      "ci: { type: webhook }|[ci]|notifiers.ci|give either url or urlEnv",
      "ci: { type: webhook, url: 'http://ci.acme.dev/x' }|[ci]|notifiers.ci.url|needs an https:// URL",
      "ci: { type: webhook, url: 'https://ci.acme.dev/x', secretEnv: NOPE }|[ci]|notifiers.ci.secretEnv|environment variable NOPE is not set",
      "ops: { type: slack, urlEnv: NOPE }|[ops]|notifiers.ops.urlEnv|environment variable NOPE is not set",
      "ops: { type: slack, url: 'https://hooks.slack.com/x', secretEnv: HOOK_KEY }|[ops]|notifiers.ops.secretEnv|only a webhook signs",
      "ops: { type: slack, url: 'https://hooks.slack.com/x', events: [shipped] }|[ops]|notifiers.ops.events|\"shipped\" is not an event type",
      "ops: { type: slack, url: 'https://hooks.slack.com/x', timeout: soon }|[ops]|notifiers.ops.timeout|soon",
      "ops: { type: slack, url: 'https://hooks.slack.com/x' }|[ops, audit]|routes[0].notify|no notifier named \"audit\" (defined: [ops])",
  })
  void mistakesAreNamedWithTheirField(String notifiers, String notify, String field, String problem) {
    ConfigException e = assertThrows(ConfigException.class, () -> parse(notifiers, notify));
    assertEquals(field, e.field(), e.getMessage());
    assertTrue(e.getMessage().contains(problem), e.getMessage());
  }
}
