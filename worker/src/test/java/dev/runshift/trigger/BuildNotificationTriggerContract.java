package dev.runshift.trigger;

import static dev.runshift.trigger.Notifications.REPO;
import static dev.runshift.trigger.Notifications.digest;
import static dev.runshift.trigger.Notifications.message;
import static dev.runshift.trigger.Notifications.success;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.cloud.pubsub.v1.AckReplyConsumer;
import com.google.cloud.pubsub.v1.MessageReceiver;
import com.google.pubsub.v1.PubsubMessage;
import dev.runshift.ports.KnownVisibility;
import dev.runshift.ports.ServiceRef;
import dev.runshift.ports.TaskQueues;
import dev.runshift.release.ReleaseWorkflow;
import dev.runshift.service.FakeReleaseWorkflow;
import dev.runshift.service.FakeReleaseLog;
import dev.runshift.service.ServiceIds;
import dev.runshift.service.ServiceReleases;
import dev.runshift.service.ServiceSettings;
import dev.runshift.service.ServiceStatus;
import dev.runshift.service.ServiceWorkflowImpl;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.RpcRetryOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The trigger end to end: a real Pub/Sub server (subclasses choose which, by endpoint), the official
 * StreamingPull subscriber, the real {@link TemporalReleaseStarter} and service entity on Temporal's
 * test server; only the release itself is the journaling fake.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class BuildNotificationTriggerContract {
  static final String TOPIC = "projects/acme-ci/topics/cloud-builds";
  static final ServiceRef CHECKOUT = new ServiceRef("acme-prod", "europe-west1", "checkout");
  static final Duration PATIENCE = Duration.ofSeconds(90);

  /** Starts (or connects to) the Pub/Sub server, or aborts the class with a visible reason. */
  protected abstract PubSubBackend startBackend();

  private PubSubBackend backend;
  private PubSubAdmin admin;
  protected TestWorkflowEnvironment env;
  protected FakeReleaseLog journal;
  private String subscription;
  private BuildNotificationTrigger trigger;
  private WorkflowServiceStubs unreachableStubs;
  protected final ConcurrentLinkedQueue<String> replies = new ConcurrentLinkedQueue<>();

  private String skipReason;

  @BeforeAll
  void startPubSub() {
    try {
      backend = startBackend();
    } catch (org.opentest4j.TestAbortedException skipped) {
      // Reported per test below, so the skips show in the test counts.
      skipReason = skipped.getMessage();
      return;
    }
    System.out.println("[trigger tests] using " + backend.description());
    admin = new PubSubAdmin(backend.endpoint());
    admin.ensureTopic(TOPIC);
  }

  @AfterAll
  void stopPubSub() {
    if (admin != null) {
      admin.close();
    }
    if (backend != null) {
      backend.close();
    }
  }

  @BeforeEach
  void setUp() {
    Assumptions.assumeTrue(skipReason == null, skipReason);
    journal = new FakeReleaseLog();
    env = TestWorkflowEnvironment.newInstance();
    Worker worker = env.newWorker(TaskQueues.WORKFLOWS);
    worker.registerWorkflowImplementationTypes(ServiceWorkflowImpl.class);
    worker.registerActivitiesImplementations(new KnownVisibility(false));
    worker.registerWorkflowImplementationFactory(ReleaseWorkflow.class, () -> new FakeReleaseWorkflow(journal));
    env.start();
    subscription = "projects/acme-ci/subscriptions/runshift-" + UUID.randomUUID();
    admin.createSubscription(subscription, TOPIC, 10);
    replies.clear();
  }

  @AfterEach
  void tearDown() {
    if (env == null) {
      return;
    }
    if (trigger != null) {
      trigger.close();
      trigger = null;
    }
    admin.deleteSubscription(subscription);
    if (unreachableStubs != null) {
      unreachableStubs.shutdownNow();
      unreachableStubs = null;
    }
    env.close();
    env = null;
  }

  @Test
  void aSuccessfulBuildNotificationStartsOneRelease() {
    startTrigger(new TemporalReleaseStarter(env.getWorkflowClient(), s -> settings()));

    String id = admin.publish(TOPIC, message("ignored-by-server", success("build-1", REPO + ":v1", digest('a'))));

    await(() -> replies.contains("ack:" + id), "message acked");
    await(() -> journal.started().size() == 1, "release started");
    assertEquals(List.of(REPO + "@" + digest('a')), journal.startedImages());
    assertEquals("cloud-build:build-1", originOf(journal.started().get(0)));
    assertEquals(ServiceIds.entityId(CHECKOUT), status().workflowId());
    assertEquals(List.of("ack:" + id), List.copyOf(replies));
  }

  @Test
  void theSameNotificationDeliveredTwiceStartsOneRelease() {
    startTrigger(new TemporalReleaseStarter(env.getWorkflowClient(), s -> settings()));
    PubsubMessage notification = message("x", success("build-2", REPO + ":v2", digest('b')));

    String first = admin.publish(TOPIC, notification);
    String second = admin.publish(TOPIC, notification);

    await(() -> replies.contains("ack:" + first) && replies.contains("ack:" + second), "both acked");
    // The entity records the second as a duplicate: proof it was delivered and handled, not lost.
    await(() -> status().ignored().stream().anyMatch(e -> e.reason().contains("duplicate")), "duplicate recorded");
    // The child release may start a moment after the entity handled both signals; once the duplicate is
    // recorded no second start can come, so wait for the first and then require exactly one.
    await(() -> !journal.started().isEmpty(), "release started");
    assertEquals(1, journal.started().size(), journal.toString());
    assertEquals(1, status().releasesStarted());
  }

  @Test
  void whileTemporalIsUnreachableTheMessageIsNackedAndRedeliveredUntilAccepted() {
    AtomicInteger attempts = new AtomicInteger();
    AtomicReference<ReleaseStarter> temporal =
        new AtomicReference<>(new TemporalReleaseStarter(unreachableClient(), s -> settings()));
    startTrigger(release -> {
      attempts.incrementAndGet();
      temporal.get().start(release);
    });

    String id = admin.publish(TOPIC, message("x", success("build-3", REPO + ":v3", digest('c'))));

    await(() -> count("nack:" + id) >= 2, "nacked and redelivered at least once");
    assertEquals(0, count("ack:" + id));
    assertEquals(List.of(), journal.started());

    temporal.set(new TemporalReleaseStarter(env.getWorkflowClient(), s -> settings()));
    await(() -> replies.contains("ack:" + id), "acked once Temporal is reachable");
    await(() -> journal.started().size() == 1, "release started");

    assertEquals(1, count("ack:" + id));
    assertEquals(List.of(REPO + "@" + digest('c')), journal.startedImages());
    assertEquals(1, status().releasesStarted());
    assertTrue(attempts.get() >= 3, "attempts: " + attempts.get());
  }

  // ---- helpers ---------------------------------------------------------------------------------

  /** Entities as the worker would start them, minus the Cloud Run lookup (no Cloud Run here). */
  static ServiceSettings settings() {
    return ServiceSettings.defaults().withLearnServingImage(false);
  }

  protected void startTrigger(ReleaseStarter starter) {
    BuildMessageReceiver receiver =
        new BuildMessageReceiver(new BuildNotificationParser(new Router(Notifications.singleServiceRouting())), starter);
    // Records every reply on its way to the real subscriber.
    MessageReceiver recording = (message, consumer) -> receiver.receiveMessage(message, new AckReplyConsumer() {
      @Override
      public void ack() {
        replies.add("ack:" + message.getMessageId());
        consumer.ack();
      }

      @Override
      public void nack() {
        replies.add("nack:" + message.getMessageId());
        consumer.nack();
      }
    });
    trigger = BuildNotificationTrigger.start(BuildNotificationTrigger.Options.of(subscription, backend.endpoint()),
        recording);
  }

  /** A client for a Temporal that is not there: a closed local port, failing within about a second. */
  private WorkflowClient unreachableClient() {
    unreachableStubs = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder()
        .setTarget("127.0.0.1:" + PubSubBackend.freePort())
        .setRpcTimeout(Duration.ofSeconds(1))
        .setRpcRetryOptions(RpcRetryOptions.newBuilder()
            .setExpiration(Duration.ofSeconds(1))
            .setMaximumAttempts(2)
            .validateBuildWithDefaults())
        .build());
    return WorkflowClient.newInstance(unreachableStubs,
        WorkflowClientOptions.newBuilder().setNamespace(env.getNamespace()).build());
  }

  /**
   * The origin the service entity recorded for release {@code releaseId}, whether it is still running or
   * already finished: the fake release walks the default policy's steps with no soak, so it may end (and
   * move from {@code current} to {@code history}) before the entity is asked.
   */
  protected String originOf(String releaseId) {
    AtomicReference<String> origin = new AtomicReference<>();
    await(() -> {
      ServiceStatus status = status();
      if (status.current() != null && status.current().releaseId().equals(releaseId)) {
        origin.set(status.current().origin());
      } else {
        status.history().stream().filter(r -> r.releaseId().equals(releaseId)).findFirst()
            .ifPresent(r -> origin.set(r.origin()));
      }
      return origin.get() != null;
    }, "the entity knows release " + releaseId);
    return origin.get();
  }

  protected ServiceStatus status() {
    return ServiceReleases.status(env.getWorkflowClient(), CHECKOUT);
  }

  /** Acks sent, for any message. */
  protected long acks() {
    return replies.stream().filter(r -> r.startsWith("ack:")).count();
  }

  protected long count(String reply) {
    return replies.stream().filter(reply::equals).count();
  }

  protected void await(BooleanSupplier condition, String what) {
    Instant deadline = Instant.now().plus(PATIENCE);
    while (Instant.now().isBefore(deadline)) {
      if (condition.getAsBoolean()) {
        return;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        fail("interrupted waiting for " + what);
      }
    }
    fail("never happened: " + what + "; replies " + replies + "; journal " + journal);
  }
}
