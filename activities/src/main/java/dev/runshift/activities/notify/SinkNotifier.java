package dev.runshift.activities.notify;

import dev.runshift.events.EventNotice;
import dev.runshift.events.Notifier;
import dev.runshift.events.ReleaseEvent;
import dev.runshift.ports.ServiceRef;
import io.temporal.failure.ApplicationFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Notifier} over {@link EventSink}s: every sink configured for the notice's service that wants the
 * event's type gets it, each in turn, each within its own timeout. When any fails, the activity fails
 * (retryably) naming each failed sink; a retry delivers to every sink again (at least once, same event
 * id). With no sink for the service it returns at once. The failure's details are the kinds of the
 * sinks that failed ({@code pubsub}, {@code webhook}, {@code slack}), for the release's metrics.
 */
public final class SinkNotifier implements Notifier {
  /** The failure type of a delivery that failed. */
  public static final String NOTIFICATION_FAILED = Notifier.FAILED;

  private static final Logger log = LoggerFactory.getLogger(SinkNotifier.class);

  private final Function<ServiceRef, List<EventSink>> sinksFor;

  /** @param sinksFor the sinks of a service (an empty list: none) */
  public SinkNotifier(Function<ServiceRef, List<EventSink>> sinksFor) {
    this.sinksFor = sinksFor;
  }

  /** A notifier with no sinks: every send returns at once. */
  public static SinkNotifier none() {
    return new SinkNotifier(service -> List.of());
  }

  @Override
  public void send(EventNotice notice) {
    String type = ReleaseEvent.typeName(notice.event());
    List<String> failures = new ArrayList<>();
    List<String> failed = new ArrayList<>();
    for (EventSink sink : sinksFor.apply(notice.service())) {
      if (!sink.spec().wants(type)) {
        continue;
      }
      try {
        sink.deliver(notice);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        failures.add(sink.spec().name() + ": interrupted");
        failed.add(sink.spec().kind().name().toLowerCase(Locale.ROOT));
        break;
      } catch (Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        log.warn("event {} ({}) of release {} not delivered to {}: {}",
            notice.event().id(), type, notice.releaseId(), sink.spec().name(), message);
        failures.add(sink.spec().name() + ": " + message);
        failed.add(sink.spec().kind().name().toLowerCase(Locale.ROOT));
      }
    }
    if (!failures.isEmpty()) {
      throw ApplicationFailure.newFailure(
          "event " + notice.event().id() + " not delivered to " + String.join("; ", failures), NOTIFICATION_FAILED,
          (Object) failed.toArray(new String[0]));
    }
  }
}
