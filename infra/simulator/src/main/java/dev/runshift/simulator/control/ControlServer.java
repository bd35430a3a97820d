package dev.runshift.simulator.control;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.runshift.simulator.Simulator;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulator's control API over HTTP and JSON, on its own localhost port, so that the {@code runshift
 * sim} commands (or curl) can drive a running simulator: create services, set image behaviour (per
 * service too), request rates (constant, daily curves, step changes) and error bursts, inject faults, start
 * builds, change traffic out of band, and read the API call log. {@code GET /} lists every operation. Bad
 * input (a missing or out-of-range field, a time window that ends before it starts, a service that does not
 * exist) is a 400 with {@code {"error": "the reason"}}; an unknown route, or a service addressed by URL
 * ({@code GET /services/describe?name=}) that does not exist, a 404.
 */
public final class ControlServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ControlServer.class);

  static final ObjectMapper JSON =
      new ObjectMapper()
          .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private final HttpServer server;
  private final ExecutorService executor;

  private ControlServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /** Serves control of {@code simulator} on localhost {@code port} (0: any free port). */
  public static ControlServer start(Simulator simulator, int port) {
    Map<String, Route> routes = new ControlRoutes(simulator).routes();
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("simulator control API could not listen on port " + port, e);
    }
    ExecutorService executor =
        Executors.newFixedThreadPool(
            4,
            r -> {
              Thread t = new Thread(r, "sim-control");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.createContext("/", exchange -> dispatch(exchange, routes));
    server.start();
    return new ControlServer(server, executor);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** {@code http://localhost:PORT}, the value for {@code RUNSHIFT_SIM}. */
  public String url() {
    return "http://localhost:" + port();
  }

  private static void dispatch(HttpExchange exchange, Map<String, Route> routes) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      if (path.length() > 1 && path.endsWith("/")) {
        path = path.substring(0, path.length() - 1);
      }
      String key = exchange.getRequestMethod() + " " + path;
      Route route = routes.get(key);
      if (route == null) {
        boolean pathKnown = routes.keySet().stream().anyMatch(k -> k.endsWith(" " + exchange.getRequestURI().getPath()));
        respond(exchange, pathKnown ? 405 : 404, error("no operation " + key + " (GET / lists them)"));
        return;
      }
      Object result;
      try {
        result = route.handle(readBody(exchange), query(exchange.getRequestURI().getRawQuery()));
      } catch (ControlException e) {
        respond(exchange, e.status(), error(e.getMessage()));
        return;
      } catch (JsonProcessingException e) {
        respond(exchange, 400, error("invalid JSON: " + e.getOriginalMessage()));
        return;
      } catch (IllegalArgumentException | NullPointerException e) {
        respond(exchange, 400, error(String.valueOf(e.getMessage())));
        return;
      } catch (StatusRuntimeException e) {
        // The simulated API refused the request, as it would a gRPC caller: the caller's fault, not ours.
        respond(exchange, httpStatus(e.getStatus().getCode()), error(e.getStatus().getCode() + ": "
            + e.getStatus().getDescription()));
        return;
      } catch (Exception e) {
        log.warn("control operation {} failed", key, e);
        respond(exchange, 500, error(e.getClass().getSimpleName() + ": " + e.getMessage()));
        return;
      }
      respond(exchange, 200, result == null ? JsonNodeFactory.instance.objectNode() : result);
    }
  }

  /** The HTTP status for a gRPC status the simulated API answered with (as Google's HTTP mapping does). */
  static int httpStatus(Status.Code code) {
    return switch (code) {
      case INVALID_ARGUMENT, FAILED_PRECONDITION, OUT_OF_RANGE -> 400;
      case NOT_FOUND -> 404;
      case ALREADY_EXISTS, ABORTED -> 409;
      case PERMISSION_DENIED -> 403;
      case RESOURCE_EXHAUSTED -> 429;
      case UNAVAILABLE -> 503;
      default -> 500;
    };
  }

  static final int MAX_ERROR_LENGTH = 500;

  private static JsonNode readBody(HttpExchange exchange) throws IOException {
    try (InputStream in = exchange.getRequestBody()) {
      byte[] bytes = in.readAllBytes();
      if (bytes.length == 0) {
        return JsonNodeFactory.instance.objectNode();
      }
      JsonNode node = JSON.readTree(bytes);
      if (node == null || !node.isObject()) {
        throw ControlException.badRequest("the request body must be a JSON object");
      }
      return node;
    }
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> q = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return q;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String k = eq < 0 ? pair : pair.substring(0, eq);
      String v = eq < 0 ? "" : pair.substring(eq + 1);
      q.put(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
    }
    return q;
  }

  /**
   * The error body. A message quoting a huge input is cut in the middle to at most {@value #MAX_ERROR_LENGTH}
   * characters, keeping its start (what was refused) and its end (the rule).
   */
  private static Map<String, String> error(String message) {
    String m = String.valueOf(message);
    if (m.length() > MAX_ERROR_LENGTH) {
      int keep = (MAX_ERROR_LENGTH - 40) / 2;
      m = m.substring(0, keep) + " … (" + (m.length() - 2 * keep) + " characters cut) … "
          + m.substring(m.length() - keep);
    }
    return Map.of("error", m);
  }

  private static void respond(HttpExchange exchange, int status, Object body) throws IOException {
    byte[] bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
