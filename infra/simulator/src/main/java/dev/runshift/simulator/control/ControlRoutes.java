package dev.runshift.simulator.control;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runshift.simulator.Simulator;
import dev.runshift.simulator.core.ApiCall;
import dev.runshift.simulator.core.ImageBehaviour;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every control operation, each mapping a JSON body onto the simulator's Java control API. The table
 * here is the whole HTTP API: {@code GET /} returns it.
 */
final class ControlRoutes {
  private final Simulator sim;
  private final Map<String, Route> routes = new LinkedHashMap<>();
  private final Map<String, String> help = new LinkedHashMap<>();

  ControlRoutes(Simulator sim) {
    this.sim = sim;
    add("GET /", "this list", (b, q) -> Map.of("operations", help, "grpcEndpoint", sim.endpoint()));
    add(
        "POST /images",
        "{image | pattern, errorRate, p50Ms, p99Ms, readinessFailure}: how an image behaves once deployed",
        (b, q) -> setImage(ControlServer.JSON.treeToValue(b, ControlRequests.ImageBehaviourRequest.class)));
    add(
        "GET /calls",
        "?since=N&method=SUBSTRING: API calls received, in order, as {index, method, resource, at, status}",
        (b, q) -> calls(q));
    add("DELETE /calls", "forget every recorded call", (b, q) -> clearCalls());
  }

  Map<String, Route> routes() {
    return routes;
  }

  private void add(String key, String description, Route route) {
    routes.put(key, route);
    help.put(key, description);
  }

  private Object setImage(ControlRequests.ImageBehaviourRequest r) {
    ImageBehaviour base = ImageBehaviour.healthy();
    ImageBehaviour b =
        new ImageBehaviour(
            r.errorRate() == null ? base.errorRate() : r.errorRate(),
            r.p50Ms() == null ? base.p50Ms() : r.p50Ms(),
            r.p99Ms() == null ? base.p99Ms() : r.p99Ms(),
            r.readinessFailure());
    if (b.errorRate() < 0 || b.errorRate() > 1) {
      throw ControlException.badRequest("errorRate must be a fraction in [0, 1], was " + b.errorRate());
    }
    if ((r.image() == null) == (r.pattern() == null)) {
      throw ControlException.badRequest("give exactly one of image and pattern");
    }
    if (r.image() != null) {
      sim.images().set(r.image(), b);
    } else {
      sim.images().setPattern(r.pattern(), b);
    }
    return Map.of("image", r.image() != null ? r.image() : r.pattern(), "behaviour", b);
  }

  private Object calls(Map<String, String> q) {
    int since = parseInt(q.getOrDefault("since", "0"), "since");
    String method = q.get("method");
    List<ApiCall> all = sim.calls().calls();
    List<Map<String, Object>> out = new ArrayList<>();
    for (int i = Math.max(0, since); i < all.size(); i++) {
      ApiCall c = all.get(i);
      if (method != null && !c.method().contains(method)) {
        continue;
      }
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("index", i);
      m.put("method", c.method());
      m.put("resource", c.resource());
      m.put("at", c.at().toString());
      m.put("status", c.status());
      out.add(m);
    }
    return Map.of("calls", out, "next", all.size());
  }

  private Object clearCalls() {
    sim.calls().clear();
    return Map.of("cleared", true);
  }

  private static int parseInt(String s, String name) {
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      throw ControlException.badRequest(name + " must be an integer, was '" + s + "'");
    }
  }

  @SuppressWarnings("unused")
  private static String text(JsonNode body, String field) {
    JsonNode n = body.get(field);
    if (n == null || n.isNull() || n.asText().isBlank()) {
      throw ControlException.badRequest("missing field '" + field + "'");
    }
    return n.asText();
  }
}
