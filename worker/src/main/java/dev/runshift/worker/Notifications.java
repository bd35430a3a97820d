package dev.runshift.worker;

import dev.runshift.activities.notify.EventSink;
import dev.runshift.activities.notify.EventSinks;
import dev.runshift.activities.notify.SinkNotifier;
import dev.runshift.activities.notify.SinkSpec;
import dev.runshift.config.RoutingConfig;
import dev.runshift.events.Notifier;
import dev.runshift.ports.ServiceRef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one worker does with release events: whether the releases it runs send them ({@code workflows}
 * role), and the sinks its {@code notify} role delivers them to. A service's sinks are those given for
 * every release (worker flags) followed by the notifiers of every route that releases to it.
 */
public final class Notifications implements AutoCloseable {
  private final boolean sendEvents;
  private final List<EventSink> everyRelease;
  private final Map<String, EventSink> named;
  private final RoutingConfig routing;

  private Notifications(
      boolean sendEvents, List<EventSink> everyRelease, Map<String, EventSink> named, RoutingConfig routing) {
    this.sendEvents = sendEvents;
    this.everyRelease = everyRelease;
    this.named = named;
    this.routing = routing;
  }

  /** No sinks, and releases send nothing. */
  public static Notifications none() {
    return new Notifications(false, List.of(), Map.of(), RoutingConfig.empty());
  }

  /**
   * For a worker that does not serve the notify role: no sinks made here (their clients and secrets
   * belong to the notify worker); releases send their events when {@code sendEvents}.
   */
  public static Notifications sendingOnly(boolean sendEvents) {
    return new Notifications(sendEvents, List.of(), Map.of(), RoutingConfig.empty());
  }

  /**
   * The sinks of {@code routing}'s notifiers and {@code everyRelease}, made by {@code sinks}; releases send
   * their events when there is any sink here or when {@code sendEvents} (a workflows worker whose notify
   * worker runs elsewhere). A bad sink is an {@link IllegalArgumentException} naming it.
   */
  public static Notifications create(
      RoutingConfig routing, List<SinkSpec> everyRelease, boolean sendEvents, EventSinks sinks) {
    List<EventSink> made = new ArrayList<>();
    try {
      List<EventSink> all = new ArrayList<>();
      for (SinkSpec spec : everyRelease) {
        EventSink sink = sinks.create(spec);
        made.add(sink);
        all.add(sink);
      }
      Map<String, EventSink> named = new LinkedHashMap<>();
      for (SinkSpec spec : routing.notifiers().values()) {
        EventSink sink = sinks.create(spec);
        made.add(sink);
        named.put(spec.name(), sink);
      }
      return new Notifications(sendEvents || !made.isEmpty(), List.copyOf(all), named, routing);
    } catch (RuntimeException e) {
      made.forEach(EventSink::close);
      throw e;
    }
  }

  /** Whether the releases this worker runs send their events to the notify queue. */
  public boolean sendEvents() {
    return sendEvents;
  }

  /** The notify role's activities. */
  public Notifier notifier() {
    return new SinkNotifier(this::sinksFor);
  }

  List<EventSink> sinksFor(ServiceRef service) {
    List<EventSink> sinks = new ArrayList<>(everyRelease);
    routing.notifiersOf(service).forEach(spec -> sinks.add(named.get(spec.name())));
    return sinks;
  }

  /** For start-up lines: {@code off}, or the sinks, e.g. {@code webhook ci, slack ops}. */
  public String describe() {
    if (!sendEvents) {
      return "off";
    }
    List<String> sinks = new ArrayList<>();
    everyRelease.forEach(s -> sinks.add(describe(s.spec()) + " (every release)"));
    named.values().forEach(s -> sinks.add(describe(s.spec()) + " (routes naming it)"));
    return sinks.isEmpty() ? "sent to the notify queue (sinks on the notify worker)" : String.join(", ", sinks);
  }

  private static String describe(SinkSpec spec) {
    return spec.kind().name().toLowerCase(java.util.Locale.ROOT) + " " + spec.name();
  }

  @Override
  public void close() {
    everyRelease.forEach(EventSink::close);
    named.values().forEach(EventSink::close);
  }
}
