package dev.runshift.activities.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runshift.events.EventNotice;
import dev.runshift.events.ReleaseEvent;
import java.net.http.HttpClient;
import java.util.Map;

/**
 * Posts each event to a Slack incoming webhook as one line of text ({@code {"text": …}}, Slack's
 * incoming-webhook format): the service, the release, what happened and why. By default only the
 * milestones ({@link SinkSpec#SLACK_DEFAULT_EVENTS}).
 */
public final class SlackSink extends HttpSink {
  private static final ObjectMapper JSON = new ObjectMapper();


  public SlackSink(SinkSpec spec, HttpClient client) {
    super(spec, client);
  }

  @Override
  public void deliver(EventNotice notice) throws Exception {
    byte[] body = JSON.writeValueAsBytes(Map.of("text", text(notice)));
    post(body, Map.of("Content-Type", "application/json"));
  }

  /** e.g. {@code *checkout* (shop-prod/europe-west1) release `r1`: rolled back — 5xx ratio above 2x}. */
  static String text(EventNotice notice) {
    ReleaseEvent event = notice.event();
    StringBuilder text = new StringBuilder()
        .append('*').append(escape(notice.service().service())).append("* (")
        .append(escape(notice.service().project())).append('/').append(escape(notice.service().region()))
        .append(") release `").append(escape(notice.releaseId())).append("`: ").append(escape(event.what()));
    if (event.reason() != null && !event.reason().isBlank()) {
      text.append(" — ").append(escape(event.reason()));
    }
    if (event.by() != null) {
      text.append(" (by ").append(escape(event.by())).append(')');
    }
    return text.toString();
  }

  /** Slack's three control characters in text. */
  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
