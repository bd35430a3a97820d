package dev.runshift.simulator.control;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runshift.simulator.Simulator;
import dev.runshift.simulator.core.ApiCall;
import dev.runshift.simulator.core.ErrorBurst;
import dev.runshift.simulator.core.ImageBehaviour;
import dev.runshift.simulator.core.RequestRate;
import com.google.cloud.run.v2.Service;
import com.google.cloudbuild.v1.Build;
import dev.runshift.simulator.cloudbuild.BuildOutcome;
import dev.runshift.simulator.run.CloudRunSim;
import dev.runshift.simulator.run.RateChange;
import io.grpc.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Locale;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.PatternSyntaxException;

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
        "{image | pattern, errorRate, p50Ms, p99Ms, readinessFailure; service (full name, or with project,"
            + " region)}: how an image behaves once deployed, on every service or on that service only (unset"
            + " fields are healthy's: 0.001, 40, max(200, 5 p50Ms))",
        (b, q) -> setImage(ControlServer.JSON.treeToValue(b, ControlRequests.ImageBehaviourRequest.class)));
    add(
        "POST /error-bursts",
        "{service (full name, or with project, region) | image | both; errorRate, from, to}: from `from` until"
            + " `to` the 5xx rate is errorRate; times are ISO-8601, now or +DURATION (+5m)",
        (b, q) -> addBurst(ControlServer.JSON.treeToValue(b, ControlRequests.BurstRequest.class)));
    add("GET /error-bursts", "every error burst, in the order added", (b, q) -> listBursts());
    add(
        "POST /services",
        "{project, region, service, image}: a service serving image with one ready revision at 100%",
        (b, q) -> createService(request(b)));
    add("GET /services", "every service, with its traffic", (b, q) -> listServices());
    add(
        "GET /services/describe",
        "?name=projects/P/locations/R/services/S: a service, its revisions and what it served when",
        (b, q) -> describeService(q.get("name")));
    add(
        "POST /services/request-rate",
        "{name | project, region, service; rps; amplitude, peakHourUtc; from}: from `from` (default now) the"
            + " service receives rps requests per second, or with amplitude (0..1) and peakHourUtc (0..24) a daily"
            + " curve rps (1 + amplitude cos(2 pi (t - peak) / 24h))",
        (b, q) -> setRequestRate(ControlServer.JSON.treeToValue(b, ControlRequests.RateRequest.class)));
    add(
        "POST /services/traffic",
        "{name | project, region, service; traffic: {revision: percent}}: change traffic out of band",
        (b, q) -> setTraffic(request(b)));
    add(
        "POST /faults",
        "{method, times | rate, code, message} or {method, latencyMs}: make calls fail or wait",
        (b, q) -> addFault(ControlServer.JSON.treeToValue(b, ControlRequests.FaultRequest.class)));
    add("DELETE /faults", "remove every fault, latency and write quota", (b, q) -> clearFaults());
    add(
        "POST /quota",
        "{region, perMinute}: Cloud Run write quota per region (region * for all)",
        (b, q) -> setQuota(ControlServer.JSON.treeToValue(b, ControlRequests.QuotaRequest.class)));
    add(
        "POST /builds",
        "{project, image (repository:tag), tags, outcome (SUCCESS|FAILURE|TIMEOUT), logTail}: start a build;"
            + " it publishes its notifications on projects/P/topics/cloud-builds",
        (b, q) -> startBuild(ControlServer.JSON.treeToValue(b, ControlRequests.BuildRequest.class)));
    add("GET /builds", "?project=P: the project's builds, newest first", (b, q) -> listBuilds(q.get("project")));
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
    if ((r.image() == null) == (r.pattern() == null)) {
      throw ControlException.badRequest("give exactly one of image and pattern");
    }
    ImageBehaviour base = ImageBehaviour.healthy();
    double errorRate = r.errorRate() == null ? base.errorRate() : r.errorRate();
    if (!(errorRate >= 0 && errorRate <= 1)) {
      throw ControlException.badRequest("errorRate must be a fraction in [0, 1], was " + errorRate);
    }
    ImageBehaviour b =
        new ImageBehaviour(
            errorRate,
            r.p50Ms() == null ? base.p50Ms() : r.p50Ms(),
            r.p99Ms() == null ? Math.max(base.p99Ms(), r.p50Ms() == null ? 0 : r.p50Ms() * 5) : r.p99Ms(),
            r.readinessFailure());
    String service = optionalService(r.service(), r.project(), r.region());
    if (r.image() != null) {
      sim.images().set(service, r.image(), b);
    } else {
      try {
        sim.images().setPattern(service, r.pattern(), b);
      } catch (PatternSyntaxException e) {
        throw ControlException.badRequest("pattern is not a regular expression: " + e.getDescription());
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put(r.image() != null ? "image" : "pattern", r.image() != null ? r.image() : r.pattern());
    if (service != null) {
      out.put("service", service);
    }
    out.put("behaviour", b);
    return out;
  }

  /**
   * The full name of an existing service given as a full name or a short one with project and region; null
   * when none is given. An unknown service is a 400.
   */
  private String optionalService(String service, String project, String region) {
    if (service == null || service.isBlank()) {
      if (project != null || region != null) {
        throw ControlException.badRequest("project and region name a service only with service");
      }
      return null;
    }
    String name;
    if (service.startsWith("projects/")) {
      name = service;
    } else if (project == null || region == null) {
      throw ControlException.badRequest("service '" + service + "' needs project and region (or give its full name"
          + " projects/P/locations/R/services/S)");
    } else {
      name = CloudRunSim.serviceName(project, region, service);
    }
    return existing(name);
  }

  private Object addBurst(ControlRequests.BurstRequest r) {
    if (r.errorRate() == null) {
      throw ControlException.badRequest("missing errorRate");
    }
    if (!(r.errorRate() >= 0 && r.errorRate() <= 1)) {
      throw ControlException.badRequest("errorRate must be a fraction in [0, 1], was " + r.errorRate());
    }
    if (r.from() == null || r.to() == null) {
      throw ControlException.badRequest("an error burst needs from and to");
    }
    String service = optionalService(r.service(), r.project(), r.region());
    if (service == null && (r.image() == null || r.image().isBlank())) {
      throw ControlException.badRequest("an error burst needs a service, an image, or both");
    }
    Instant now = sim.context().clock().now();
    Instant from = ControlTimes.parse("from", r.from(), now);
    Instant to = ControlTimes.parse("to", r.to(), now);
    if (!from.isBefore(to)) {
      throw ControlException.badRequest("from (" + from + ") must be before to (" + to + ")");
    }
    if (from.isBefore(now)) {
      throw ControlException.badRequest("an error burst cannot start in the past: from " + from
          + " is before the simulator's now " + now + " (metrics already reported would change)");
    }
    ErrorBurst burst = new ErrorBurst(service, r.image(), from, to, r.errorRate());
    sim.images().addErrorBurst(burst);
    return CloudRunJson.burst(burst);
  }

  private Object listBursts() {
    return Map.of("bursts", sim.images().errorBursts().stream().map(CloudRunJson::burst).toList());
  }

  private static ControlRequests.ServiceRequest request(JsonNode body) throws Exception {
    return ControlServer.JSON.treeToValue(body, ControlRequests.ServiceRequest.class);
  }

  /** The full resource name from {@code name}, or from project, region and service. */
  private static String serviceName(ControlRequests.ServiceRequest r) {
    return serviceName(r.name(), r.project(), r.region(), r.service());
  }

  private static String serviceName(String name, String project, String region, String service) {
    if (name != null && !name.isBlank()) {
      return name;
    }
    if (project == null || region == null || service == null) {
      throw ControlException.badRequest("name the service: name, or project, region and service");
    }
    return CloudRunSim.serviceName(project, region, service);
  }

  private Object createService(ControlRequests.ServiceRequest r) {
    if (r.project() == null || r.region() == null || r.service() == null || r.image() == null) {
      throw ControlException.badRequest("creating a service needs project, region, service and image");
    }
    if (sim.cloudRun().service(serviceName(r)).isPresent()) {
      throw new ControlException(409, "service " + serviceName(r) + " already exists");
    }
    return CloudRunJson.service(sim.cloudRun().createService(r.project(), r.region(), r.service(), r.image()));
  }

  private Object listServices() {
    return Map.of("services", sim.cloudRun().listServices().stream().map(CloudRunJson::service).toList());
  }

  private Object describeService(String name) {
    if (name == null) {
      throw ControlException.badRequest("give ?name=projects/P/locations/R/services/S");
    }
    Service s = sim.cloudRun().service(name).orElseThrow(() -> ControlException.notFound("no service " + name));
    Map<String, Object> m = new LinkedHashMap<>(CloudRunJson.service(s));
    m.put("revisions", sim.cloudRun().revisions(name).stream().map(CloudRunJson::revision).toList());
    m.put("trafficHistory", sim.cloudRun().trafficHistory(name).stream().map(CloudRunJson::trafficChange).toList());
    m.put("rateHistory", sim.cloudRun().rateHistory(name).stream().map(CloudRunJson::rateChange).toList());
    return m;
  }

  private Object setRequestRate(ControlRequests.RateRequest r) {
    if (r.rps() == null) {
      throw ControlException.badRequest("missing rps");
    }
    if (!(r.rps() >= 0) || r.rps().isInfinite()) {
      throw ControlException.badRequest("rps must be a finite number >= 0, was " + r.rps());
    }
    RequestRate rate;
    if (r.amplitude() == null && r.peakHourUtc() == null) {
      rate = RequestRate.constant(r.rps());
    } else if (r.amplitude() == null || r.peakHourUtc() == null) {
      throw ControlException.badRequest("a daily curve needs both amplitude and peakHourUtc");
    } else if (!(r.amplitude() >= 0 && r.amplitude() <= 1)) {
      throw ControlException.badRequest("amplitude must be in [0, 1], was " + r.amplitude());
    } else if (!(r.peakHourUtc() >= 0 && r.peakHourUtc() < 24)) {
      throw ControlException.badRequest("peakHourUtc must be in [0, 24), was " + r.peakHourUtc());
    } else {
      rate = RequestRate.daily(r.rps(), r.amplitude(), r.peakHourUtc());
    }
    String name = existing(serviceName(r.name(), r.project(), r.region(), r.service()));
    Instant now = sim.context().clock().now();
    Instant from = r.from() == null ? now : ControlTimes.parse("from", r.from(), now);
    if (from.isBefore(now)) {
      throw ControlException.badRequest("a rate change cannot start in the past: from " + from
          + " is before the simulator's now " + now + " (metrics already reported would change)");
    }
    if (from.equals(now)) {
      sim.cloudRun().setRequestRate(name, rate); // from the simulator's now when it applies it
    } else {
      sim.cloudRun().setRequestRate(name, from, rate);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("name", name);
    out.put("rps", r.rps());
    out.putAll(CloudRunJson.rateChange(new RateChange(from, rate)));
    return out;
  }

  private Object setTraffic(ControlRequests.ServiceRequest r) {
    if (r.traffic() == null || r.traffic().isEmpty()) {
      throw ControlException.badRequest("missing traffic: {revision: percent, ...}");
    }
    return CloudRunJson.service(sim.cloudRun().updateTrafficOutOfBand(existing(serviceName(r)), r.traffic()));
  }

  /** {@code name} if the service exists; naming an unknown service is bad input, a 400. */
  private String existing(String name) {
    if (sim.cloudRun().service(name).isEmpty()) {
      throw ControlException.badRequest("no service " + name);
    }
    return name;
  }

  private Object addFault(ControlRequests.FaultRequest f) {
    if (f.method() == null || f.method().isBlank()) {
      throw ControlException.badRequest("missing method (full, short, Service/* or *)");
    }
    if (f.latencyMs() != null) {
      sim.faults().addLatency(f.method(), Duration.ofMillis(f.latencyMs()));
      return Map.of("method", f.method(), "latencyMs", f.latencyMs());
    }
    Status.Code code;
    try {
      code = Status.Code.valueOf(f.code() == null ? "UNAVAILABLE" : f.code().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw ControlException.badRequest("unknown gRPC status code '" + f.code() + "'");
    }
    String message = f.message() == null ? "injected fault" : f.message();
    if ((f.times() == null) == (f.rate() == null)) {
      throw ControlException.badRequest("give exactly one of times and rate (or latencyMs)");
    }
    if (f.times() != null) {
      sim.faults().failNext(f.method(), f.times(), code, message);
    } else {
      sim.faults().failAtRate(f.method(), f.rate(), code, message);
    }
    return Map.of("method", f.method(), "code", code.name(), "message", message);
  }

  private Object clearFaults() {
    sim.faults().clear();
    return Map.of("cleared", true);
  }

  private Object setQuota(ControlRequests.QuotaRequest q) {
    if (q.region() == null || q.perMinute() == null) {
      throw ControlException.badRequest("give region and perMinute");
    }
    sim.cloudRun().setWriteQuota(q.region(), q.perMinute());
    return Map.of("region", q.region(), "perMinute", q.perMinute());
  }

  private Object startBuild(ControlRequests.BuildRequest r) {
    if (r.project() == null || r.image() == null) {
      throw ControlException.badRequest("a build needs project and image (repository:tag)");
    }
    if (r.outcome() != null) {
      BuildOutcome outcome = switch (r.outcome().toUpperCase(Locale.ROOT)) {
        case "SUCCESS" -> BuildOutcome.success();
        case "FAILURE" -> BuildOutcome.failure(r.logTail());
        case "TIMEOUT" -> BuildOutcome.timeout();
        default -> throw ControlException.badRequest("outcome must be SUCCESS, FAILURE or TIMEOUT, was " + r.outcome());
      };
      sim.cloudBuild().scriptNextBuild(outcome);
    }
    List<String> tags = r.tags() == null ? List.of() : r.tags();
    Build build = sim.cloudBuild().startBuild(r.project(), r.image(), tags.toArray(String[]::new));
    return CloudBuildJson.build(build);
  }

  private Object listBuilds(String project) {
    if (project == null) {
      throw ControlException.badRequest("give ?project=P");
    }
    return Map.of("builds", sim.cloudBuild().builds(project).stream().map(CloudBuildJson::build).toList());
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
}
