package dev.runshift.activities.smoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.runshift.ports.FailureTypes;
import dev.runshift.ports.SmokeCheck;
import dev.runshift.ports.SmokeReport;
import dev.runshift.ports.SmokeRequest;
import dev.runshift.ports.SmokeTester;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpSmokeTesterTest {
  private HttpServer server;
  private TestActivityEnvironment env;
  private SmokeTester smoke;
  private final AtomicInteger healthHits = new AtomicInteger();
  private final AtomicInteger flakyHits = new AtomicInteger();
  /** The Authorization header of each request to /private, "" when there was none. */
  private final List<String> privateAuth = new CopyOnWriteArrayList<>();
  /** Audiences the test's ID token source was asked for. */
  private final List<String> audiences = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/healthz", x -> {
      healthHits.incrementAndGet();
      x.sendResponseHeaders(200, -1);
      x.close();
    });
    server.createContext("/flaky", x -> {
      // Every third request fails.
      int n = flakyHits.incrementAndGet();
      x.sendResponseHeaders(n % 3 == 0 ? 503 : 200, -1);
      x.close();
    });
    server.createContext("/slow", x -> {
      try {
        Thread.sleep(1500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      x.sendResponseHeaders(200, -1);
      x.close();
    });
    server.createContext("/private", x -> {
      // Like a Cloud Run service that requires authentication: 401 without a bearer token.
      String auth = x.getRequestHeaders().getFirst("Authorization");
      privateAuth.add(auth == null ? "" : auth);
      x.sendResponseHeaders(auth != null && auth.startsWith("Bearer ") ? 200 : 401, -1);
      x.close();
    });
    server.start();
    env = TestActivityEnvironment.newInstance();
    smoke = stub(env, new HttpSmokeTester(audience -> {
      audiences.add(audience);
      return "token-for-" + audience;
    }));
  }

  private static SmokeTester stub(TestActivityEnvironment env, HttpSmokeTester tester) {
    env.registerActivitiesImplementations(tester);
    return env.newActivityStub(SmokeTester.class, ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofMinutes(1))
        .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
        .build());
  }

  @AfterEach
  void stop() {
    env.close();
    server.stop(0);
  }

  private String base() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @Test
  void passesWhenEveryRequestAnswersTheExpectedStatus() {
    SmokeReport r = smoke.check(new SmokeRequest(base() + "/", new SmokeCheck("/healthz", 200, Duration.ofSeconds(5), 5)));
    assertEquals(new SmokeReport(5, 0, null), r);
    assertEquals(5, healthHits.get());
  }

  @Test
  void anyWrongStatusFailsNonRetryablyWithTheLastError() {
    ActivityFailure e = assertThrows(ActivityFailure.class, () ->
        smoke.check(new SmokeRequest(base(), new SmokeCheck("flaky", 200, Duration.ofSeconds(5), 6))));
    ApplicationFailure f = assertInstanceOf(ApplicationFailure.class, e.getCause());
    assertEquals(FailureTypes.SMOKE_FAILED, f.getType());
    assertTrue(f.isNonRetryable());
    assertTrue(f.getOriginalMessage().startsWith("2 of 6 smoke requests"), f.getOriginalMessage());
    assertTrue(f.getOriginalMessage().contains("answered 503, expected 200"), f.getOriginalMessage());
    SmokeReport report = f.getDetails().get(SmokeReport.class);
    assertEquals(4, report.passed());
    assertEquals(2, report.failed());
    assertEquals(6, flakyHits.get(), "every request is made");
  }

  @Test
  void aRequestSlowerThanTheTimeoutFails() {
    ActivityFailure e = assertThrows(ActivityFailure.class, () ->
        smoke.check(new SmokeRequest(base(), new SmokeCheck("/slow", 200, Duration.ofMillis(200), 1))));
    ApplicationFailure f = (ApplicationFailure) e.getCause();
    assertTrue(f.getOriginalMessage().contains("did not answer within 200 ms"), f.getOriginalMessage());
  }

  @Test
  void whenTheCheckAsksForItEveryRequestCarriesAnIdTokenForTheUrlsOrigin() {
    SmokeReport r = smoke.check(new SmokeRequest(base() + "/", new SmokeCheck("/private", 200, Duration.ofSeconds(5), 3, true)));

    assertEquals(new SmokeReport(3, 0, null), r);
    String audience = base();
    assertEquals(List.of("Bearer token-for-" + audience, "Bearer token-for-" + audience, "Bearer token-for-" + audience),
        privateAuth);
    assertTrue(audiences.stream().allMatch(audience::equals), audiences.toString());
  }

  @Test
  void byDefaultNoCredentialsAreSent() {
    ActivityFailure e = assertThrows(ActivityFailure.class, () ->
        smoke.check(new SmokeRequest(base(), new SmokeCheck("/private", 200, Duration.ofSeconds(5), 1))));
    assertTrue(((ApplicationFailure) e.getCause()).getOriginalMessage().contains("answered 401"), e.toString());
    assertEquals(List.of(""), privateAuth);
    assertEquals(List.of(), audiences);
  }

  @Test
  void credentialsThatCannotGiveIdTokensFailTheCheckForGoodSayingWhy() {
    TestActivityEnvironment local = TestActivityEnvironment.newInstance();
    try {
      SmokeTester withoutCredentials = stub(local, new HttpSmokeTester(IdTokenSource.unavailable("no credentials here")));
      ActivityFailure e = assertThrows(ActivityFailure.class, () -> withoutCredentials.check(
          new SmokeRequest(base(), new SmokeCheck("/private", 200, Duration.ofSeconds(5), 1, true))));
      ApplicationFailure f = assertInstanceOf(ApplicationFailure.class, e.getCause());
      assertEquals(FailureTypes.UNAUTHENTICATED, f.getType());
      assertTrue(f.isNonRetryable());
      assertTrue(f.getOriginalMessage().startsWith("smoke.idToken: no Google ID token for " + base()), f.getOriginalMessage());
      assertEquals(List.of(), privateAuth, "no request without the token it needs");
    } finally {
      local.close();
    }
  }

  @Test
  void anIdTokenThatCannotBeHadNowIsRetried() {
    TestActivityEnvironment local = TestActivityEnvironment.newInstance();
    try {
      SmokeTester flaky = stub(local, new HttpSmokeTester(audience -> {
        throw new java.io.IOException("metadata server did not answer");
      }));
      ActivityFailure e = assertThrows(ActivityFailure.class, () -> flaky.check(
          new SmokeRequest(base(), new SmokeCheck("/private", 200, Duration.ofSeconds(5), 1, true))));
      ApplicationFailure f = assertInstanceOf(ApplicationFailure.class, e.getCause());
      assertEquals(FailureTypes.ID_TOKEN_UNAVAILABLE, f.getType());
      assertEquals(false, f.isNonRetryable());
    } finally {
      local.close();
    }
  }

  @Test
  void theAudienceIsTheUrlsSchemeAndHost() {
    assertEquals("https://canary---api-abc-ew.a.run.app",
        HttpSmokeTester.audience(java.net.URI.create("https://canary---api-abc-ew.a.run.app/healthz?x=1")));
  }

  @Test
  void joinHandlesSlashes() {
    assertEquals("http://h/a", HttpSmokeTester.join("http://h/", "/a"));
    assertEquals("http://h/a", HttpSmokeTester.join("http://h", "a"));
    assertEquals("http://h/", HttpSmokeTester.join("http://h", null));
  }
}
