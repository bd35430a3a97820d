package dev.runshift.activities.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runshift.activities.notify.SinkSpec.Kind;
import dev.runshift.events.EventNotice;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The webhook and Slack sinks, through {@link SinkNotifier}, against a local HTTP receiver. */
class HttpSinksTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpReceiver receiver = new HttpReceiver();
  private final EventSinks sinks = new EventSinks(null);

  @AfterEach
  void stop() {
    receiver.close();
  }

  private SinkNotifier notifier(SinkSpec... specs) {
    List<EventSink> made = java.util.Arrays.stream(specs).map(sinks::create).toList();
    return new SinkNotifier(service -> service.equals(Notices.SERVICE) ? made : List.of());
  }

  @Test
  void theWebhookGetsSignedCloudEventsInOrder() throws Exception {
    SinkSpec spec = new SinkSpec("ci", Kind.WEBHOOK, receiver.url("/hooks/runshift"), "s3cret", null, null);
    SinkNotifier notifier = notifier(spec);
    Notices.release().forEach(notifier::send);

    List<HttpReceiver.Received> got = receiver.received();
    assertEquals(4, got.size());
    for (int i = 0; i < got.size(); i++) {
      HttpReceiver.Received request = got.get(i);
      EventNotice sent = Notices.release().get(i);
      assertEquals("/hooks/runshift", request.path());
      assertEquals(CloudEvents.CONTENT_TYPE, request.header("Content-Type"));
      assertEquals(sent.event().id(), request.header(WebhookSink.EVENT_ID));
      assertEquals("sha256=" + WebhookSink.hmacSha256Hex("s3cret", request.body()), request.header(WebhookSink.SIGNATURE));
      JsonNode event = JSON.readTree(request.body());
      assertEquals("1.0", event.get("specversion").asText());
      assertEquals(sent.event().id(), event.get("id").asText());
      assertEquals("//runshift.dev/projects/shop-prod/locations/europe-west1/services/checkout", event.get("source").asText());
      assertEquals("r1", event.get("subject").asText());
      assertEquals("application/json", event.get("datacontenttype").asText());
      assertEquals(java.time.Instant.ofEpochMilli(sent.event().at()).toString(), event.get("time").asText());
      assertEquals("r1", event.get("data").get("releaseId").asText());
      assertEquals("checkout", event.get("data").get("service").get("service").asText());
    }
    List<String> types = got.stream().map(r -> {
      try {
        return JSON.readTree(r.body()).get("type").asText() + "/" + JSON.readTree(r.body()).get("data").get("event").get("type").asText();
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }).toList();
    assertEquals(List.of("dev.runshift.release.started/started", "dev.runshift.release.shifted/shifted",
        "dev.runshift.release.traffic-restored/traffic-restored", "dev.runshift.release.rolled-back/rolled-back"), types);
    JsonNode shifted = JSON.readTree(got.get(1).body()).get("data").get("event");
    assertEquals(10, shifted.get("percent").asInt());
    assertEquals(2, shifted.get("traffic").get("targets").size());
  }

  @Test
  void aWebhookWithoutSecretIsNotSigned() {
    SinkNotifier notifier = notifier(new SinkSpec("ci", Kind.WEBHOOK, receiver.url("/"), null, null, null));
    notifier.send(Notices.release().get(0));
    assertNull(receiver.received().get(0).header(WebhookSink.SIGNATURE));
  }

  @Test
  void aRefusedDeliveryFailsTheActivityNamingTheSinkAndTheAnswer() {
    receiver.answer(403);
    SinkNotifier notifier = notifier(new SinkSpec("ci", Kind.WEBHOOK, receiver.url("/"), "k", null, null));
    ApplicationFailure failure = assertThrows(ApplicationFailure.class, () -> notifier.send(Notices.release().get(0)));
    assertEquals(SinkNotifier.NOTIFICATION_FAILED, failure.getType());
    assertTrue(failure.getOriginalMessage().contains("ci: 127.0.0.1 answered 403: invalid_token"), failure.getOriginalMessage());
    assertTrue(!failure.isNonRetryable(), "retried by the workflow's bounded retry policy");
  }

  @Test
  void aReceiverThatDoesNotAnswerFailsAfterTheTimeout() {
    CountDownLatch held = receiver.holdAnswers();
    SinkNotifier notifier =
        notifier(new SinkSpec("slow", Kind.WEBHOOK, receiver.url("/"), null, Duration.ofMillis(300), null));
    ApplicationFailure failure = assertThrows(ApplicationFailure.class, () -> notifier.send(Notices.release().get(0)));
    held.countDown();
    assertTrue(failure.getOriginalMessage().contains("slow:"), failure.getOriginalMessage());
    assertTrue(failure.getOriginalMessage().toLowerCase().contains("timed out"), failure.getOriginalMessage());
  }

  @Test
  void slackGetsTheMilestonesAsTextInItsIncomingWebhookFormat() throws Exception {
    SinkNotifier notifier = notifier(new SinkSpec("ops-slack", Kind.SLACK, receiver.url("/services/T/B/X"), null, null, null));
    Notices.release().forEach(notifier::send);

    List<HttpReceiver.Received> got = receiver.received();
    List<String> texts = got.stream().map(r -> {
      try {
        JsonNode body = JSON.readTree(r.body());
        assertEquals(Set.of("text"), iterable(body));
        return body.get("text").asText();
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }).toList();
    // The shift is not a milestone: Slack gets 3 of the 4 events.
    assertEquals(List.of(
        "*checkout* (shop-prod/europe-west1) release `r1`: release started — candidate checkout-r1, steps [10, 50, 100] (by cli)",
        "*checkout* (shop-prod/europe-west1) release `r1`: rolled back — " + Notices.SERVING,
        "*checkout* (shop-prod/europe-west1) release `r1`: rolled_back — 5xx ratio above 2x"), texts);
    assertEquals("application/json", got.get(0).header("Content-Type"));
  }

  @Test
  void aSinkOnlyGetsTheTypesItAskedFor() {
    SinkNotifier notifier = notifier(new SinkSpec("ci", Kind.WEBHOOK, receiver.url("/"), null, null, Set.of("rolled-back")));
    Notices.release().forEach(notifier::send);
    assertEquals(List.of("r1-4"), receiver.received().stream().map(r -> r.header(WebhookSink.EVENT_ID)).toList());
  }

  @Test
  void anotherServiceGetsNothingAndPlainHttpToAnotherHostIsRefused() {
    SinkNotifier notifier = notifier(new SinkSpec("ci", Kind.WEBHOOK, receiver.url("/"), null, null, null));
    notifier.send(new EventNotice(new dev.runshift.ports.ServiceRef("shop-prod", "europe-west1", "cart"), "r9", null,
        Notices.release().get(0).event()));
    assertTrue(receiver.received().isEmpty());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> sinks.create(new SinkSpec("ci", Kind.WEBHOOK, "http://hooks.example.com/x", null, null, null)));
    assertTrue(e.getMessage().contains("ci: needs an https:// URL"), e.getMessage());
  }

  private static Set<String> iterable(JsonNode node) {
    Set<String> names = new java.util.TreeSet<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
