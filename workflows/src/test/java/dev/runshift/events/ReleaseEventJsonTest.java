package dev.runshift.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runshift.health.Comparison;
import dev.runshift.health.Health;
import dev.runshift.health.Verdict;
import dev.runshift.health.VerdictEvidence;
import dev.runshift.health.VerdictEvidence.ArmSummary;
import dev.runshift.health.VerdictEvidence.Check;
import dev.runshift.traffic.TrafficMap;
import dev.runshift.traffic.TrafficTarget;
import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.DefaultDataConverter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every kind of event survives Temporal's default (Jackson) converter with its type and data. */
class ReleaseEventJsonTest {

  /** A holder, as a query result holds events in a list. */
  record Events(List<ReleaseEvent> events) {}

  static final TrafficMap TRAFFIC = TrafficMap.of(TrafficTarget.revision("checkout-00042-def", 90), TrafficTarget.tagged("checkout-r1", 10, "candidate"));

  static List<ReleaseEvent> everyKind() {
    Verdict verdict = new Verdict(Health.UNHEALTHY, "5xx ratio above 2x", List.of(new Comparison("errors.ratio", 3.1, 2, false)),
        null, new VerdictEvidence(new ArmSummary(1000, 31, 0.031, 0.02, 0.045), new ArmSummary(9000, 90, 0.01, 0.008, 0.012),
            null, 3.1, 2.1, 4.6, 1000, 5,
            List.of(new Check("errors.ratio", "ratio <= 1.5", VerdictEvidence.Role.ROLLBACK, 1e6, 1000, true)), null));
    return List.of(
        new ReleaseEvent.Started("r1-1", 1, "img@sha256:ab", "checkout-r1", List.of(10, 50, 100), "cli"),
        new ReleaseEvent.Deployed("r1-2", 2, "checkout-r1", TRAFFIC, List.of("checkout-00042-def")),
        new ReleaseEvent.AwaitingApproval("r1-3", 3, 50),
        new ReleaseEvent.Shifted("r1-4", 4, 10, TRAFFIC),
        new ReleaseEvent.VerdictGiven("r1-5", 5, 10, verdict, true),
        new ReleaseEvent.Paused("r1-6", 6, "traffic held", "lunch", "alice"),
        new ReleaseEvent.Resumed("r1-7", 7, "continuing", null, "alice"),
        new ReleaseEvent.AwaitingOperator("r1-8", 8, "shift", "TrafficChanged", "someone changed it", "retry or abort"),
        new ReleaseEvent.Retried("r1-9", 9, "retrying", "fixed", "bob"),
        new ReleaseEvent.Skipped("r1-10", 10, "skipping", null, "bob"),
        new ReleaseEvent.Commanded("r1-11", 11, "approve", "approved", null, "carol"),
        new ReleaseEvent.TrafficRestored("r1-12", 12, TRAFFIC),
        new ReleaseEvent.RolledBack("r1-13", 13, "harm", TRAFFIC),
        new ReleaseEvent.Promoted("r1-14", 14, "every step was healthy", TRAFFIC),
        new ReleaseEvent.Aborted("r1-15", 15, "aborted", TRAFFIC),
        new ReleaseEvent.NotificationLost("r1-16", 16, "r1-4", "shifted", "503"),
        new ReleaseEvent.Noted("r1-17", 17, "baseline read", "stable served 10 requests", null));
  }

  @Test
  void everyKindRoundTripsThroughTemporalsDefaultConverter() {
    List<ReleaseEvent> events = everyKind();
    Payload payload = DefaultDataConverter.STANDARD_INSTANCE.toPayload(new Events(events)).orElseThrow();
    Events back = DefaultDataConverter.STANDARD_INSTANCE.fromPayload(payload, Events.class, Events.class);
    assertEquals(events, back.events());
    assertEquals(ReleaseEvent.class.getAnnotation(com.fasterxml.jackson.annotation.JsonSubTypes.class).value().length,
        events.stream().map(Object::getClass).distinct().count(), "every kind is covered");
  }

  @Test
  void theJsonCarriesTheTypeAndTheComponentsOnly() {
    Payload payload = DefaultDataConverter.STANDARD_INSTANCE
        .toPayload(new ReleaseEvent.Shifted("r1-4", 4, 10, TRAFFIC)).orElseThrow();
    String json = payload.getData().toString(StandardCharsets.UTF_8);
    assertTrue(json.contains("\"type\":\"shifted\""), json);
    assertTrue(json.contains("\"id\":\"r1-4\"") && json.contains("\"percent\":10"), json);
    assertFalse(json.contains("what") || json.contains("decision") || json.contains("terminal"), json);
  }

  @Test
  void typeNamesAreTheJsonTypes() {
    assertEquals("verdict", ReleaseEvent.typeName(everyKind().get(4)));
    assertEquals("rolled-back", ReleaseEvent.typeName(everyKind().get(12)));
  }
}
