package dev.runshift.activities.smoke;

import dev.runshift.ports.FailureTypes;
import dev.runshift.ports.SmokeCheck;
import dev.runshift.ports.SmokeReport;
import dev.runshift.ports.SmokeRequest;
import dev.runshift.ports.SmokeTester;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/**
 * {@link SmokeTester} with {@link HttpClient}: {@code count} sequential GETs of {@code baseUrl + path},
 * each within {@code timeout}, each expected to answer {@code expectedStatus}. Every request is made
 * (so the report counts them all) and the activity heartbeats between requests. When the check asks
 * for it ({@link SmokeCheck#idToken()}), each request carries {@code Authorization: Bearer} with an ID
 * token whose audience is the URL's origin ({@code https://host}); otherwise no credentials are sent.
 */
public final class HttpSmokeTester implements SmokeTester {
  private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  private final HttpClient http;
  private final IdTokenSource idTokens;

  /** ID tokens from Application Default Credentials, when a check asks for them. */
  public HttpSmokeTester() {
    this(new GoogleIdTokenSource());
  }

  public HttpSmokeTester(IdTokenSource idTokens) {
    this(HttpClient.newBuilder()
        .connectTimeout(DEFAULT_TIMEOUT)
        .followRedirects(HttpClient.Redirect.NEVER)
        .build(), idTokens);
  }

  public HttpSmokeTester(HttpClient http, IdTokenSource idTokens) {
    this.http = http;
    this.idTokens = idTokens;
  }

  @Override
  public SmokeReport check(SmokeRequest request) {
    SmokeCheck check = request.check();
    URI uri;
    try {
      uri = URI.create(join(request.baseUrl(), check.path()));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw ApplicationFailure.newNonRetryableFailure(
          "smoke check has no valid URL (base '" + request.baseUrl() + "', path '" + check.path() + "')",
          FailureTypes.SMOKE_FAILED);
    }
    Duration timeout = check.timeout() == null || check.timeout().isZero() ? DEFAULT_TIMEOUT : check.timeout();
    int count = Math.max(1, check.count());
    String audience = audience(uri);
    int passed = 0;
    int failed = 0;
    String lastFailure = null;
    for (int i = 0; i < count; i++) {
      Activity.getExecutionContext().heartbeat(i);
      String failure = once(uri, timeout, check.expectedStatus(), check.idToken() ? idToken(audience) : null);
      if (failure == null) {
        passed++;
      } else {
        failed++;
        lastFailure = failure;
      }
    }
    SmokeReport report = new SmokeReport(passed, failed, lastFailure);
    if (failed > 0) {
      throw ApplicationFailure.newNonRetryableFailure(
          failed + " of " + count + " smoke requests to " + uri + " failed; last: " + lastFailure,
          FailureTypes.SMOKE_FAILED,
          report);
    }
    return report;
  }

  /** null when the request passed, else what went wrong. */
  private String once(URI uri, Duration timeout, int expected, String idToken) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(uri).GET().timeout(timeout);
    if (idToken != null) {
      builder.header("Authorization", "Bearer " + idToken);
    }
    HttpRequest req = builder.build();
    try {
      HttpResponse<Void> resp = http.send(req, HttpResponse.BodyHandlers.discarding());
      return resp.statusCode() == expected
          ? null
          : "GET " + uri + " answered " + resp.statusCode() + ", expected " + expected;
    } catch (HttpTimeoutException e) {
      return "GET " + uri + " did not answer within " + timeout.toMillis() + " ms";
    } catch (IOException e) {
      return "GET " + uri + " failed: " + e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during smoke check", e);
    }
  }

  /**
   * A token for every request (the source caches and refreshes it). One that cannot be had now is retried
   * as the activity; credentials that can never give one fail the check for good, saying why.
   */
  private String idToken(String audience) {
    try {
      return idTokens.idToken(audience);
    } catch (IOException e) {
      throw ApplicationFailure.newFailure(
          "could not get a Google ID token for " + audience + ": " + e.getMessage(),
          FailureTypes.ID_TOKEN_UNAVAILABLE);
    } catch (IllegalStateException e) {
      throw ApplicationFailure.newNonRetryableFailure(
          "smoke.idToken: " + e.getMessage(), FailureTypes.UNAUTHENTICATED);
    }
  }

  /** The audience Cloud Run expects in an ID token for {@code uri}: its scheme and authority. */
  static String audience(URI uri) {
    return uri.getScheme() + "://" + uri.getRawAuthority();
  }

  static String join(String base, String path) {
    String b = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    if (path == null || path.isEmpty()) {
      return b + "/";
    }
    return path.startsWith("/") ? b + path : b + "/" + path;
  }
}
