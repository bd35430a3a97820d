package dev.runshift.trigger;

import static dev.runshift.trigger.Notifications.OTHER_REPO;
import static dev.runshift.trigger.Notifications.REPO;
import static dev.runshift.trigger.Notifications.build;
import static dev.runshift.trigger.Notifications.digest;
import static dev.runshift.trigger.Notifications.json;
import static dev.runshift.trigger.Notifications.message;
import static dev.runshift.trigger.Notifications.success;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import com.google.cloudbuild.v1.Build;
import com.google.cloudbuild.v1.BuiltImage;
import com.google.cloudbuild.v1.Results;
import com.google.protobuf.ByteString;
import com.google.pubsub.v1.PubsubMessage;
import dev.runshift.ports.ServiceRef;
import dev.runshift.service.ReleaseSubmission;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The parser and the receiver together, with a recording starter in place of Temporal. */
class BuildMessageReceiverTest {
  static final String OK_SUCCESS =
      json(success("b-1", REPO + ":v1", digest('a')));

  private final List<RoutedRelease> started = Collections.synchronizedList(new ArrayList<>());
  private LogCapture log;
  private BuildMessageReceiver receiver;

  @BeforeEach
  void setUp() {
    log = new LogCapture(BuildMessageReceiver.class);
    receiver = new BuildMessageReceiver(new BuildNotificationParser(new Router(Notifications.routing())),
        Notifications.CONFIRMS_EVERY_CLAIM, started::add);
  }

  @AfterEach
  void tearDown() {
    log.close();
  }

  static Stream<Arguments> malformed() {
    String deep = "{\"a\":" + "[".repeat(3000) + "]".repeat(3000) + "}";
    String huge = OK_SUCCESS.substring(0, OK_SUCCESS.length() - 1)
        + ", \"logUrl\": \"" + "x".repeat(1024 * 1024) + "\"}";
    String noDigest = json(build("b-1", Build.Status.SUCCESS)
        .setResults(Results.newBuilder().addImages(BuiltImage.newBuilder().setName(REPO + ":v1"))).build());
    return Stream.of(
        Arguments.of("empty body", ByteString.EMPTY, "empty"),
        Arguments.of("not JSON", utf8("Build b-1 finished: SUCCESS"), "not valid JSON"),
        Arguments.of("JSON array", utf8("[" + OK_SUCCESS + "]"), "got array"),
        Arguments.of("JSON string", utf8("\"SUCCESS\""), "got string"),
        Arguments.of("JSON null", utf8("null"), "got null"),
        Arguments.of("truncated JSON", utf8(OK_SUCCESS.substring(0, OK_SUCCESS.length() / 2)), "not valid JSON"),
        Arguments.of("trailing garbage", utf8(OK_SUCCESS + " }"), "not valid JSON"),
        Arguments.of("invalid UTF-8", ByteString.copyFrom(new byte[] {'{', (byte) 0xC3, (byte) 0x28, '}'}), "UTF-8"),
        Arguments.of("over 1 MiB", utf8(huge), "limit"),
        Arguments.of("nested 3000 deep", utf8(deep), "not valid JSON"),
        Arguments.of("no build id", utf8(OK_SUCCESS.replace("\"id\": \"b-1\",", "")), "no id"),
        Arguments.of("blank build id", utf8(OK_SUCCESS.replace("\"id\": \"b-1\"", "\"id\": \"  \"")), "no id"),
        Arguments.of("id is an object", utf8(OK_SUCCESS.replace("\"b-1\"", "{\"v\": 1}")), "not a Cloud Build"),
        Arguments.of("no status", utf8(OK_SUCCESS.replace("\"status\": \"SUCCESS\",", "")), "no status"),
        Arguments.of("no projectId", utf8(json(Notifications.success("b-1", REPO + ":v1", digest('a')).toBuilder()
            .clearProjectId().build())), "no projectId"),
        Arguments.of("name of another build", utf8(json(Notifications.success("b-1", REPO + ":v1", digest('a'))
            .toBuilder().setName("projects/acme-ci/locations/europe-west1/builds/b-2").build())),
            "is not projects/acme-ci/locations/LOCATION/builds/b-1"),
        Arguments.of("status null", utf8(OK_SUCCESS.replace("\"SUCCESS\"", "null")), "no status"),
        Arguments.of("status is a number", utf8(OK_SUCCESS.replace("\"SUCCESS\"", "3")), "must be a string"),
        Arguments.of("status is an object", utf8(OK_SUCCESS.replace("\"SUCCESS\"", "{\"s\": 1}")), "must be a string"),
        Arguments.of("unknown status", utf8(OK_SUCCESS.replace("\"SUCCESS\"", "\"DONE\"")), "unknown build status"),
        Arguments.of("results is a string", utf8(json(build("b-1", Build.Status.SUCCESS).build())
            .replace("}", ", \"results\": \"x\"}")), "not a Cloud Build"),
        Arguments.of("results.images is an object", utf8(json(build("b-1", Build.Status.SUCCESS).build())
            .replace("}", ", \"results\": {\"images\": {\"name\": \"x\"}}}")), "not a Cloud Build"),
        Arguments.of("image entry is a string", utf8(json(build("b-1", Build.Status.SUCCESS).build())
            .replace("}", ", \"results\": {\"images\": [\"" + REPO + "\"]}}")), "not a Cloud Build"),
        Arguments.of("image without digest", utf8(noDigest), "has no digest"),
        Arguments.of("digest not sha256", utf8(OK_SUCCESS.replace(digest('a'), "sha256:xyz")), "is not sha256"),
        Arguments.of("digest uppercase", utf8(OK_SUCCESS.replace(digest('a'), digest('A'))), "is not sha256"),
        Arguments.of("digest md5", utf8(OK_SUCCESS.replace(digest('a'), "md5:" + "a".repeat(32))), "is not sha256"),
        Arguments.of("image without name", utf8(OK_SUCCESS.replace("\"" + REPO + ":v1\"", "\"\"")), "has no name"),
        Arguments.of("image name with spaces", utf8(OK_SUCCESS.replace(REPO + ":v1", "my image")), "whitespace"),
        Arguments.of("name pins another digest", utf8(OK_SUCCESS.replace(REPO + ":v1", REPO + "@" + digest('b'))),
            "name pins"),
        Arguments.of("duplicate status key", utf8(OK_SUCCESS.replace("\"status\": \"SUCCESS\",",
            "\"status\": \"FAILURE\", \"status\": \"SUCCESS\",")), "not valid JSON"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void malformedMessagesAreAckedWithOneWarningAndStartNothing(String name, ByteString data, String reason) {
    RecordingConsumer consumer = deliver(message("msg-" + name.hashCode(), data));

    assertEquals(List.of("ack"), consumer.replies);
    assertEquals(List.of(), started);
    List<String> warnings = log.at(Level.WARN);
    assertEquals(1, warnings.size(), warnings.toString());
    assertTrue(warnings.get(0).contains("msg-" + name.hashCode()), warnings.get(0));
    assertTrue(warnings.get(0).contains(reason), warnings.get(0));
    assertEquals(List.of(), log.at(Level.ERROR));
  }

  @Test
  void buildIdAttributeMustMatchTheBuild() {
    PubsubMessage msg = message("m-1", success("b-1", REPO + ":v1", digest('a'))).toBuilder()
        .putAttributes("buildId", "b-2").build();
    RecordingConsumer consumer = deliver(msg);
    assertEquals(List.of("ack"), consumer.replies);
    assertEquals(List.of(), started);
    assertEquals(1, log.at(Level.WARN).size());
    assertTrue(log.at(Level.WARN).get(0).contains("does not match"));
  }

  @Test
  void aSuccessfulRoutedBuildStartsOneReleasePerServiceThenAcks() {
    RecordingConsumer consumer = deliver(message("m-1", success("b-7", REPO + ":v1", digest('a'))));

    assertEquals(List.of("ack"), consumer.replies);
    assertEquals(2, started.size());
    assertEquals(List.of(new ServiceRef("acme-prod", "europe-west1", "checkout"),
            new ServiceRef("acme-prod", "us-central1", "checkout")),
        started.stream().map(r -> r.target().service()).toList());
    ReleaseSubmission submission = started.get(0).submission();
    assertEquals(REPO + "@" + digest('a'), submission.image());
    assertEquals("cloud-build:b-7", submission.origin());
    assertEquals("cloud-build:b-7:" + REPO + "@" + digest('a'), submission.dedupeKey());
    assertEquals(List.of(), log.at(Level.WARN));
  }

  @Test
  void onlyRoutedImagesOfABuildAreReleased() {
    Build build = build("b-8", Build.Status.SUCCESS)
        .setResults(Results.newBuilder()
            .addImages(BuiltImage.newBuilder().setName(OTHER_REPO + ":v1").setDigest(digest('c')))
            .addImages(BuiltImage.newBuilder().setName("europe-west1-docker.pkg.dev/acme/apps/worker")
                .setDigest(digest('d'))))
        .build();
    RecordingConsumer consumer = deliver(message("m-1", build));
    assertEquals(List.of("ack"), consumer.replies);
    assertEquals(List.of("europe-west1-docker.pkg.dev/acme/apps/worker@" + digest('d')),
        started.stream().map(RoutedRelease::image).toList());
    assertEquals(1, log.at(Level.INFO).stream().filter(m -> m.contains("no route for image " + OTHER_REPO)).count());
  }

  @Test
  void buildsThatDidNotSucceedAreAckedQuietly() {
    for (Build.Status status : List.of(Build.Status.QUEUED, Build.Status.WORKING, Build.Status.FAILURE,
        Build.Status.TIMEOUT, Build.Status.CANCELLED, Build.Status.INTERNAL_ERROR, Build.Status.EXPIRED)) {
      Build build = success("b-" + status, REPO + ":v1", digest('a')).toBuilder().setStatus(status).build();
      RecordingConsumer consumer = deliver(message("m-" + status, build));
      assertEquals(List.of("ack"), consumer.replies, status.name());
    }
    // Written out explicitly (the proto printer omits the default value): known, so not malformed.
    RecordingConsumer unknown = deliver(message("m-unknown", OK_SUCCESS.replace("\"SUCCESS\"", "\"STATUS_UNKNOWN\"")));
    assertEquals(List.of("ack"), unknown.replies);
    assertEquals(List.of(), started);
    assertEquals(List.of(), log.at(Level.WARN));
    assertEquals(8, log.at(Level.DEBUG).size());
  }

  @Test
  void unroutedImagesAreAckedAndLoggedOncePerImage() {
    deliver(message("m-1", success("b-1", OTHER_REPO + ":v1", digest('a'))));
    deliver(message("m-2", success("b-2", OTHER_REPO + ":v1", digest('b'))));
    RecordingConsumer third = deliver(message("m-3", success("b-3", OTHER_REPO + ":v2", digest('c'))));

    assertEquals(List.of("ack"), third.replies);
    assertEquals(List.of(), started);
    List<String> infos = log.at(Level.INFO).stream().filter(m -> m.contains("no route")).toList();
    assertEquals(2, infos.size(), infos.toString());
    assertEquals(List.of(), log.at(Level.WARN));
  }

  @Test
  void aSuccessfulBuildWithoutImagesIsIgnored() {
    RecordingConsumer consumer = deliver(message("m-1", build("b-1", Build.Status.SUCCESS).build()));
    assertEquals(List.of("ack"), consumer.replies);
    assertEquals(List.of(), started);
    assertEquals(List.of(), log.at(Level.WARN));
  }

  @Test
  void whenTemporalRefusesTheMessageIsNackedNotAcked() {
    receiver = new BuildMessageReceiver(new BuildNotificationParser(new Router(Notifications.routing())),
        Notifications.CONFIRMS_EVERY_CLAIM,
        release -> {
          throw new IllegalStateException("UNAVAILABLE: connection refused");
        });
    RecordingConsumer consumer = deliver(message("m-9", success("b-1", REPO + ":v1", digest('a'))));
    assertEquals(List.of("nack"), consumer.replies);
    List<String> warnings = log.at(Level.WARN);
    assertEquals(1, warnings.size());
    assertTrue(warnings.get(0).contains("m-9") && warnings.get(0).contains("redelivered"), warnings.get(0));
  }

  @Test
  void ifAnyReleaseOfTheMessageIsRefusedTheWholeMessageIsNacked() {
    List<RoutedRelease> accepted = new ArrayList<>();
    receiver = new BuildMessageReceiver(new BuildNotificationParser(new Router(Notifications.routing())),
        Notifications.CONFIRMS_EVERY_CLAIM,
        release -> {
          if (release.target().service().region().equals("us-central1")) {
            throw new IllegalStateException("deadline exceeded");
          }
          accepted.add(release);
        });
    RecordingConsumer consumer = deliver(message("m-1", success("b-1", REPO + ":v1", digest('a'))));
    assertEquals(List.of("nack"), consumer.replies);
    assertEquals(1, accepted.size());
  }

  private RecordingConsumer deliver(PubsubMessage message) {
    RecordingConsumer consumer = new RecordingConsumer();
    receiver.receiveMessage(message, consumer);
    return consumer;
  }

  private static ByteString utf8(String text) {
    return ByteString.copyFromUtf8(text);
  }
}
