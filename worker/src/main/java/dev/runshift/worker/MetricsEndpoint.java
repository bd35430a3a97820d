package dev.runshift.worker;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * Serves {@code GET /metrics} (Prometheus text format) and {@code GET /healthz} (200 with "ok: …" while
 * {@link WorkerHealth} says healthy, else 503 with the reason: for liveness and startup probes) on a port
 * of all interfaces.
 */
public final class MetricsEndpoint implements AutoCloseable {
  private final HttpServer server;

  private MetricsEndpoint(HttpServer server) {
    this.server = server;
  }

  /** Starts serving {@code metrics} and {@code health} on {@code port} (0: any free port). */
  public static MetricsEndpoint start(int port, WorkerMetrics metrics, WorkerHealth health) {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(port), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serve metrics on port " + port + ": " + e.getMessage(), e);
    }
    server.createContext("/metrics", exchange -> serve(exchange, metrics));
    server.createContext("/healthz", exchange -> serveHealth(exchange, health));
    server.start();
    return new MetricsEndpoint(server);
  }

  private static void serve(HttpExchange exchange, WorkerMetrics metrics) throws IOException {
    try (exchange) {
      if (!"GET".equals(exchange.getRequestMethod())) {
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      respond(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape());
    }
  }

  private static void serveHealth(HttpExchange exchange, WorkerHealth health) throws IOException {
    try (exchange) {
      if (!"GET".equals(exchange.getRequestMethod())) {
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      WorkerHealth.Status status = health.check();
      respond(exchange, status.healthy() ? 200 : 503, "text/plain; charset=utf-8",
          (status.healthy() ? "ok: " : "unhealthy: ") + status.detail() + "\n");
    }
  }

  private static void respond(HttpExchange exchange, int code, String contentType, String text) throws IOException {
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(code, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
