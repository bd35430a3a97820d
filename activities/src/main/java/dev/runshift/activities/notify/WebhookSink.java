package dev.runshift.activities.notify;

import dev.runshift.events.EventNotice;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * POSTs each event as a CloudEvent in JSON structured mode ({@code Content-Type:
 * application/cloudevents+json}) to an HTTPS endpoint within the spec's timeout. With a secret, the
 * {@value #SIGNATURE} header is {@code sha256=<hex HMAC-SHA256 of the exact body under the secret>}, so the
 * receiver can check it came from Runshift; {@value #EVENT_ID} carries the event id for deduplication.
 * Any answer but 2xx is a failure (retried by the workflow).
 */
public final class WebhookSink extends HttpSink {
  public static final String SIGNATURE = "X-Runshift-Signature";
  public static final String EVENT_ID = "X-Runshift-Event-Id";


  public WebhookSink(SinkSpec spec, HttpClient client) {
    super(spec, client);
  }

  @Override
  public void deliver(EventNotice notice) throws Exception {
    byte[] body = CloudEvents.json(notice);
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", CloudEvents.CONTENT_TYPE);
    headers.put(EVENT_ID, notice.event().id());
    if (spec().secret() != null) {
      headers.put(SIGNATURE, "sha256=" + hmacSha256Hex(spec().secret(), body));
    }
    post(body, headers);
  }

  /** Hex of HMAC-SHA256 of {@code body} under {@code secret} (UTF-8). */
  public static String hmacSha256Hex(String secret, byte[] body) throws GeneralSecurityException {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return HexFormat.of().formatHex(mac.doFinal(body));
  }
}
