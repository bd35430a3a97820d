package dev.runshift.activities.notify;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

/**
 * A sink that POSTs to a URL: https, or http only to a loopback host (a local receiver), checked when the
 * sink is made. One POST per delivery within the spec's timeout; anything but a 2xx answer is a failure.
 */
abstract class HttpSink implements EventSink {
  private final SinkSpec spec;
  private final URI uri;
  private final HttpClient http;

  HttpSink(SinkSpec spec, HttpClient http) {
    this.spec = spec;
    this.uri = uri(spec);
    this.http = http;
  }

  static HttpClient defaultClient() {
    return HttpClient.newBuilder()
        .connectTimeout(SinkSpec.DEFAULT_TIMEOUT)
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  @Override
  public final SinkSpec spec() {
    return spec;
  }

  final void post(byte[] body, Map<String, String> headers) throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri).timeout(spec.timeout()).POST(HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(request::header);
    HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() / 100 != 2) {
      String answer = response.body() == null ? "" : response.body().strip();
      throw new IOException(uri.getHost() + " answered " + response.statusCode()
          + (answer.isEmpty() ? "" : ": " + (answer.length() > 200 ? answer.substring(0, 200) + "…" : answer)));
    }
  }

  private static URI uri(SinkSpec spec) {
    URI uri;
    try {
      uri = URI.create(spec.target());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(spec.name() + ": not a URL: " + spec.target(), e);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme();
    String host = uri.getHost();
    boolean local = "localhost".equals(host) || "127.0.0.1".equals(host) || "[::1]".equals(host);
    if (host == null || !(scheme.equals("https") || (scheme.equals("http") && local))) {
      throw new IllegalArgumentException(
          spec.name() + ": needs an https:// URL (http:// only to localhost), was " + spec.target());
    }
    return uri;
  }
}
