package dev.runshift.activities.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.cloud.run.v2.TrafficTargetAllocationType;
import dev.runshift.traffic.TrafficMap;
import dev.runshift.traffic.TrafficTarget;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrafficMapperTest {

  @Test
  void roundTripsEveryKindOfEntryInOrder() {
    TrafficMap map = TrafficMap.of(
        TrafficTarget.tagged("s-2", 10, "candidate"), TrafficTarget.revision("s-1", 60),
        new TrafficTarget(null, true, 30, "head"));
    assertEquals(map, TrafficMapper.fromProto(TrafficMapper.toProto(map)));
  }

  @Test
  void protoSideUsesExplicitTypesAndShortNames() {
    List<com.google.cloud.run.v2.TrafficTarget> proto =
        TrafficMapper.toProto(TrafficMap.of(TrafficTarget.revision("s-1", 50), TrafficTarget.latest(50)));
    assertEquals(TrafficTargetAllocationType.TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION, proto.get(0).getType());
    assertEquals("s-1", proto.get(0).getRevision());
    assertEquals(TrafficTargetAllocationType.TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST, proto.get(1).getType());
    assertEquals("", proto.get(1).getRevision());
  }

  @Test
  void fullRevisionNamesAndUnspecifiedTypesAreRead() {
    List<com.google.cloud.run.v2.TrafficTarget> proto = List.of(
        com.google.cloud.run.v2.TrafficTarget.newBuilder()
            .setRevision("projects/p/locations/r/services/s/revisions/s-1").setPercent(100).build(),
        com.google.cloud.run.v2.TrafficTarget.newBuilder().setTag("head").build());
    assertEquals(
        TrafficMap.of(TrafficTarget.revision("s-1", 100), new TrafficTarget(null, true, 0, "head")),
        TrafficMapper.fromProto(proto));
  }
}
