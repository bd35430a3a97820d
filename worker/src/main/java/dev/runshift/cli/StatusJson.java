package dev.runshift.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import dev.runshift.config.Durations;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runshift.health.Comparison;
import dev.runshift.health.Verdict;
import dev.runshift.ports.RevisionMetrics;
import dev.runshift.release.Decision;
import dev.runshift.release.ReleaseStatus;
import dev.runshift.traffic.TrafficTarget;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;

/**
 * The stable JSON form of a release's status, for scripts: {@code releaseId, service, phase, image,
 * candidateRevision, stableRevisions, traffic (revision -> percent, in Cloud Run's order; LATEST for a
 * latest target; as the release last set or read it, not a live read), tags (tag -> revision), stepIndex, steps,
 * lastVerdict, failure, decisions (at, what, reason, by: who the sender said they were and the Temporal client
 * it came from), events (the release's events as the README's "Release events" shows them), policy (the
 * rollout policy in force, durations as {@code 10m})}. Fields are always present (null when unknown) so that
 * a consumer never guesses.
 */
final class StatusJson {
  /** Durations are written as a policy file writes them ({@code 10m}), so a printed policy reads back. */
  static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
      .registerModule(new SimpleModule("runshift-durations").addSerializer(Duration.class,
          new StdSerializer<>(Duration.class) {
            @Override
            public void serialize(Duration d, JsonGenerator gen, SerializerProvider provider) throws IOException {
              gen.writeString(Durations.format(d));
            }
          }));

  private StatusJson() {}

  static ObjectNode of(ReleaseStatus s) {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("releaseId", s.releaseId());
    o.put("service", s.service() == null ? null : s.service().toString());
    o.put("phase", s.phase() == null ? null : s.phase().name());
    o.put("image", s.image());
    o.put("candidateRevision", s.candidateRevision());
    ArrayNode stable = o.putArray("stableRevisions");
    if (s.stableRevisions() != null) {
      s.stableRevisions().forEach(stable::add);
    }
    ObjectNode traffic = o.putObject("traffic");
    ObjectNode tags = o.putObject("tags");
    if (s.traffic() != null) {
      for (TrafficTarget t : s.traffic().targets()) {
        String key = t.latest() ? "LATEST" : t.revision();
        traffic.put(key, traffic.path(key).asInt(0) + t.percent());
        if (t.tag() != null) {
          tags.put(t.tag(), key);
        }
      }
    }
    o.put("stepIndex", s.stepIndex());
    ArrayNode steps = o.putArray("steps");
    if (s.steps() != null) {
      s.steps().forEach(steps::add);
    }
    if (s.lastVerdict() == null) {
      o.putNull("lastVerdict");
    } else {
      o.set("lastVerdict", verdict(s.lastVerdict()));
    }
    if (s.failure() == null) {
      o.putNull("failure");
    } else {
      ObjectNode f = o.putObject("failure");
      f.put("step", s.failure().step());
      f.put("type", s.failure().type());
      f.put("message", s.failure().message());
    }
    ArrayNode decisions = o.putArray("decisions");
    if (s.decisions() != null) {
      for (Decision d : s.decisions()) {
        ObjectNode n = decisions.addObject();
        n.put("at", Instant.ofEpochMilli(d.atEpochMillis()).toString());
        n.put("what", d.what());
        n.put("reason", d.reason());
        n.put("by", d.by());
      }
    }
    ArrayNode events = o.putArray("events");
    if (s.events() != null) {
      // One by one: each as its own value carries its JSON type (in a raw list Jackson would drop it).
      s.events().forEach(e -> events.add(MAPPER.<JsonNode>valueToTree(e)));
    }
    o.set("policy", s.policy() == null ? null : MAPPER.valueToTree(s.policy()));
    return o;
  }

  private static ObjectNode verdict(Verdict v) {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("health", v.health() == null ? null : v.health().name());
    o.put("reason", v.reason());
    ArrayNode checks = o.putArray("comparisons");
    if (v.comparisons() != null) {
      for (Comparison c : v.comparisons()) {
        ObjectNode n = checks.addObject();
        n.put("check", c.check());
        n.put("observed", c.observed());
        n.put("limit", c.limit());
        n.put("passed", c.passed());
      }
    }
    if (v.metrics() == null) {
      o.putNull("candidate");
      o.putNull("stable");
    } else {
      o.set("candidate", metrics(v.metrics().candidate()));
      o.set("stable", metrics(v.metrics().stable()));
      o.put("windowStart", Instant.ofEpochMilli(v.metrics().startEpochMillis()).toString());
      o.put("windowEnd", Instant.ofEpochMilli(v.metrics().endEpochMillis()).toString());
    }
    // The sequential evidence as its records: arms with counts and intervals, the ratio, every test.
    o.set("evidence", v.evidence() == null ? null : MAPPER.valueToTree(v.evidence()));
    return o;
  }

  private static ObjectNode metrics(RevisionMetrics m) {
    ObjectNode o = MAPPER.createObjectNode();
    if (m == null) {
      return o;
    }
    o.put("requests", m.requests());
    o.put("errors5xx", m.errors5xx());
    o.put("errorRate", m.errorRate());
    o.put("p50Ms", m.p50Ms());
    o.put("p95Ms", m.p95Ms());
    o.put("p99Ms", m.p99Ms());
    return o;
  }
}
