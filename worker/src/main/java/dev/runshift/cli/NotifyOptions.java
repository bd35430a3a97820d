package dev.runshift.cli;

import dev.runshift.activities.notify.SinkSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** Event sinks for every release, given on the command line (routes name more in the routing config). */
public final class NotifyOptions {
  /** Where the webhook's HMAC key is read from unless told otherwise. */
  static final String DEFAULT_SECRET_ENV = "RUNSHIFT_WEBHOOK_SECRET";

  @Option(names = "--notify-pubsub", paramLabel = "projects/P/topics/T",
      description = "Publish every release's events to this Pub/Sub topic (CloudEvents JSON, ordered per service). Repeatable.")
  List<String> pubsub = new ArrayList<>();

  @Option(names = "--notify-webhook", paramLabel = "URL",
      description = "POST every release's events to this https URL (CloudEvents JSON, signed when the secret is set). Repeatable.")
  List<String> webhooks = new ArrayList<>();

  @Option(names = "--notify-webhook-secret-env", paramLabel = "VAR", defaultValue = DEFAULT_SECRET_ENV,
      description = "Environment variable holding the webhooks' HMAC-SHA256 key (default: ${DEFAULT-VALUE}; unset: unsigned).")
  String secretEnv = DEFAULT_SECRET_ENV;

  @Option(names = "--notify-slack", paramLabel = "URL",
      description = "Post every release's milestones to this Slack incoming webhook. Repeatable.")
  List<String> slack = new ArrayList<>();

  @Option(names = "--send-events",
      description = "Send release events to the notify queue even with no sink on this worker (its notify role runs elsewhere).")
  boolean sendEvents;

  /** The sinks the flags give, the webhook secret read from {@code env}. */
  List<SinkSpec> sinks(Map<String, String> env) {
    List<SinkSpec> sinks = new ArrayList<>();
    pubsub.forEach(topic -> sinks.add(new SinkSpec("--notify-pubsub " + topic, SinkSpec.Kind.PUBSUB, topic, null, null, null)));
    String secret = env.get(secretEnv);
    webhooks.forEach(url -> sinks.add(new SinkSpec("--notify-webhook " + url, SinkSpec.Kind.WEBHOOK, url,
        secret == null || secret.isBlank() ? null : secret, null, null)));
    slack.forEach(url -> sinks.add(new SinkSpec("--notify-slack", SinkSpec.Kind.SLACK, url, null, null, null)));
    return sinks;
  }
}
