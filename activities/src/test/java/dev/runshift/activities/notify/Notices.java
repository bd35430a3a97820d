package dev.runshift.activities.notify;

import dev.runshift.events.EventNotice;
import dev.runshift.events.ReleaseEvent;
import dev.runshift.ports.ServiceRef;
import dev.runshift.traffic.TrafficMap;
import dev.runshift.traffic.TrafficTarget;
import java.util.List;

/** Notices of one release of {@link #SERVICE}, in the order a release records them. */
final class Notices {
  static final ServiceRef SERVICE = new ServiceRef("shop-prod", "europe-west1", "checkout");
  static final String IMAGE = "europe-west1-docker.pkg.dev/shop-prod/apps/checkout@sha256:" + "ab".repeat(32);
  static final TrafficMap SERVING = TrafficMap.of(TrafficTarget.revision("checkout-00042-def", 100));
  static final TrafficMap AT_10 =
      TrafficMap.of(TrafficTarget.revision("checkout-00042-def", 90), TrafficTarget.tagged("checkout-r1", 10, "candidate"));

  private Notices() {}

  static EventNotice of(ReleaseEvent event) {
    return new EventNotice(SERVICE, "r1", IMAGE, event);
  }

  static List<EventNotice> release() {
    return List.of(
        of(new ReleaseEvent.Started("r1-1", 1_772_442_000_000L, IMAGE, "checkout-r1", List.of(10, 50, 100), "cli")),
        of(new ReleaseEvent.Shifted("r1-2", 1_772_442_001_000L, 10, AT_10)),
        of(new ReleaseEvent.TrafficRestored("r1-3", 1_772_442_002_000L, SERVING)),
        of(new ReleaseEvent.RolledBack("r1-4", 1_772_442_002_500L, "5xx ratio above 2x", SERVING)));
  }
}
