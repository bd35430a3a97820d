package dev.runshift.simulator.cloudbuild;

import com.google.cloudbuild.v1.Build;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.runshift.simulator.pubsub.PubSubSim;
import java.time.Instant;
import java.util.Map;

/**
 * Announces build status changes as Cloud Build does: a message on {@code projects/P/topics/cloud-builds}
 * (only if that topic exists — it is the project's to create) whose data is the Build resource as JSON and
 * whose attributes are {@code buildId} and {@code status}. Each change of each build is announced exactly
 * once and in order, with the build as it was at that change. When SUCCESS is announced the pushed images
 * are reported to the {@link ImagePushListener} first (the registry has them before anyone hears of them).
 */
final class BuildNotifier {
  static final String TOPIC_ID = "cloud-builds";

  private final PubSubSim pubSub;
  private final ImagePushListener pushes;
  private final JsonFormat.Printer json = JsonFormat.printer();

  BuildNotifier(PubSubSim pubSub, ImagePushListener pushes) {
    this.pubSub = pubSub;
    this.pushes = pushes;
  }

  static String topic(String project) {
    return "projects/" + project + "/topics/" + TOPIC_ID;
  }

  /** Announces every change of {@code build} that has happened by {@code now} and was not announced. */
  void announceDue(BuildRecord build, Instant now) {
    synchronized (build) {
      for (BuildRecord.Transition t : build.unannounced(now)) {
        Build view = build.view(t.at());
        if (t.status() == Build.Status.SUCCESS) {
          view.getResults().getImagesList().forEach(i -> pushes.pushed(i.getName(), i.getDigest()));
        }
        pubSub.publishIfTopicExists(topic(build.project()), ByteString.copyFromUtf8(toJson(view)),
            Map.of("buildId", build.id(), "status", t.status().name()));
        build.markAnnounced(t.status());
      }
    }
  }

  private String toJson(Build build) {
    try {
      return json.print(build);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("cannot print build " + build.getId() + " as JSON", e);
    }
  }
}
