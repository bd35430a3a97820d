package dev.runshift.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.runshift.activities.notify.EventSinks;
import dev.runshift.activities.notify.SinkSpec;
import dev.runshift.activities.notify.WebhookSink;
import dev.runshift.config.RoutingConfig;
import dev.runshift.config.RoutingConfigs;
import dev.runshift.events.EventNotice;
import dev.runshift.metrics.RunshiftMetrics;
import io.micrometer.core.instrument.Counter;
import dev.runshift.events.ReleaseEvent;
import dev.runshift.policy.PolicyBuilder;
import dev.runshift.policy.RolloutPolicy;
import dev.runshift.ports.ServiceRef;
import dev.runshift.release.Phase;
import dev.runshift.release.ReleaseOutcome;
import dev.runshift.release.ReleaseStatus;
import dev.runshift.release.ReleaseWorkflow;
import dev.runshift.testing.ReleaseTestEnvironment;
import dev.runshift.testing.Releases;
import io.temporal.client.WorkflowStub;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Which sinks a service's events go to: the worker's flags for every release, plus its routes' notifiers. */
class NotificationsTest {
  private static final ServiceRef CHECKOUT = new ServiceRef("acme-prod", "europe-west1", "checkout");
  private static final ServiceRef WORKER = new ServiceRef("acme-prod", "europe-west1", "worker");

  private final List<String> received = new ArrayList<>();
  private final HttpServer server;

  NotificationsTest() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      exchange.getRequestBody().readAllBytes();
      synchronized (received) {
        received.add(exchange.getRequestURI().getPath() + " " + exchange.getRequestHeaders().getFirst(WebhookSink.EVENT_ID));
      }
      exchange.sendResponseHeaders(204, -1);
      exchange.close();
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  private RoutingConfig routing() {
    return RoutingConfigs.parse("routing.yaml", """
        notifiers:
          team: { type: webhook, url: "%s" }
        routes:
          - image: europe-west1-docker.pkg.dev/acme/apps/checkout
            notify: [team]
            services:
              - { project: acme-prod, region: europe-west1, service: checkout }
          - image: europe-west1-docker.pkg.dev/acme/apps/worker
            services:
              - { project: acme-prod, region: europe-west1, service: worker }
        """.formatted(url("/team")), null, Map.of());
  }

  private static EventNotice notice(ServiceRef service, String id) {
    return new EventNotice(service, "r1", null, new ReleaseEvent.AwaitingApproval(id, 1, 50));
  }

  @Test
  void aServicesEventsGoToTheFlagSinksAndItsRoutesNotifiers() {
    SinkSpec everyRelease = new SinkSpec("--notify-webhook", SinkSpec.Kind.WEBHOOK, url("/all"), null, null, null);
    try (Notifications notifications = Notifications.create(routing(), List.of(everyRelease), false, new EventSinks(null))) {
      assertTrue(notifications.sendEvents(), "sinks here: releases send their events");
      notifications.notifier().send(notice(CHECKOUT, "r1-3"));
      notifications.notifier().send(notice(WORKER, "r1-4"));
      assertEquals(List.of("/all r1-3", "/team r1-3", "/all r1-4"), received);
      assertTrue(notifications.describe().contains("webhook team (routes naming it)"), notifications.describe());
    }
  }

  @Test
  void withoutSinksReleasesSendNothingUnlessTold() {
    try (Notifications none = Notifications.create(RoutingConfig.empty(), List.of(), false, new EventSinks(null))) {
      assertFalse(none.sendEvents());
      assertEquals("off", none.describe());
      none.notifier().send(notice(CHECKOUT, "r1-1")); // a notify worker without sinks: nothing, no failure
    }
    try (Notifications elsewhere = Notifications.create(RoutingConfig.empty(), List.of(), true, new EventSinks(null))) {
      assertTrue(elsewhere.sendEvents(), "--send-events: the notify role runs on another worker");
    }
    assertTrue(received.isEmpty());
  }

  /**
   * A release whose sink is down: each event lost after its retries counts in the release's metrics,
   * tagged with the sink's kind ({@code undelivered} for one still being sent when the release ended).
   */
  @Test
  void eachLostNotificationIsCountedWithItsSinkKind() {
    SinkSpec down = new SinkSpec("--notify-webhook", SinkSpec.Kind.WEBHOOK, "http://127.0.0.1:1/down", null, null, null);
    WorkerMetrics metrics = new WorkerMetrics(java.time.Duration.ofMillis(10));
    ReleaseStatus status;
    try (Notifications notifications = Notifications.create(RoutingConfig.empty(), List.of(down), false, new EventSinks(null));
        ReleaseTestEnvironment t = ReleaseTestEnvironment.withNotifier(
            ReleaseTestEnvironment.options().setMetricsScope(metrics.temporalScope()).build(), notifications.notifier())) {
      t.cloudRun.givenService(Releases.SERVICE, Releases.SERVING, "checkout-00042-def");
      RolloutPolicy gated = PolicyBuilder.defaults().approvalSteps(List.of(10)).build();
      ReleaseWorkflow release = t.startRelease(Releases.ofImage("m-1", gated));
      t.awaitStatus(release, s -> s.phase() == Phase.AWAITING_APPROVAL
          && s.events().stream().filter(e -> e instanceof ReleaseEvent.NotificationLost).count() >= 2);
      release.abort("sink down");
      assertEquals(Phase.ABORTED, WorkflowStub.fromTyped(release).getResult(ReleaseOutcome.class).phase());
      status = release.status();
    } finally {
      metrics.close();
    }
    long lost = status.events().stream().filter(e -> e instanceof ReleaseEvent.NotificationLost).count();
    double webhook = count(metrics, "webhook");
    assertTrue(webhook >= 2, metrics.scrape());
    assertEquals(lost, webhook + count(metrics, "undelivered"), metrics.scrape());
  }

  private static double count(WorkerMetrics metrics, String sink) {
    Counter counter = metrics.registry().find(RunshiftMetrics.NOTIFICATIONS_FAILED).tag(RunshiftMetrics.SINK, sink).counter();
    return counter == null ? 0 : counter.count();
  }

  @Test
  void aBadSinkIsRefusedAtStart() {
    SinkSpec bad = new SinkSpec("--notify-webhook", SinkSpec.Kind.WEBHOOK, "ftp://x", null, null, null);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Notifications.create(routing(), List.of(bad), false, new EventSinks(null)));
    assertTrue(e.getMessage().contains("--notify-webhook: needs an https:// URL"), e.getMessage());
  }
}
