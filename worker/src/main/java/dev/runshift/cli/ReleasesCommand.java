package dev.runshift.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runshift.ports.PrintableText;
import dev.runshift.ports.ServiceRef;
import dev.runshift.service.CurrentRelease;
import dev.runshift.service.IgnoredEvent;
import dev.runshift.service.ReleaseRecord;
import dev.runshift.service.ServiceStatus;
import dev.runshift.worker.TemporalConnection;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code runshift releases S}: a service's finished releases, the running one and the queued one. */
@Command(name = "releases", description = "List a service's releases: finished, running and queued.")
public final class ReleasesCommand implements Callable<Integer> {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

  @ParentCommand RunshiftCli root;
  @Spec CommandSpec spec;
  @Mixin TemporalOptions temporal;
  @Mixin ServiceOptions serviceOptions;

  @Parameters(index = "0", paramLabel = "SERVICE", description = "Cloud Run service name.")
  String service;

  @Option(names = "--json", description = "Print JSON.")
  boolean json;

  @Override
  public Integer call() {
    ServiceRef ref = serviceOptions.service(service, root.env());
    ServiceStatus status;
    try (TemporalConnection connection = temporal.connect(root.env())) {
      status = json ? ServiceLookup.entityOrNone(connection.client(), ref) : ServiceLookup.entity(connection.client(), ref);
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(json(status).toPrettyString());
    } else {
      table(status, out);
    }
    out.flush();
    return 0;
  }

  private static void table(ServiceStatus s, PrintWriter out) {
    out.printf("%s  serving %s%n", s.service(), s.servingImage() == null ? "(unknown)" : s.servingImage());
    Table table = new Table("RELEASE", "OUTCOME", "STARTED", "DURATION", "IMAGE", "ORIGIN / REASON");
    for (ReleaseRecord r : s.history()) {
      table.row(r.releaseId(), r.phase() == null ? "FAILED" : r.phase(), TIME.format(Instant.ofEpochMilli(r.startedAt())),
          duration(r.endedAt() - r.startedAt()), r.image(),
          r.origin() + (r.reason() == null || r.reason().isBlank() ? "" : " — " + PrintableText.escape(r.reason())));
    }
    CurrentRelease c = s.current();
    if (c != null) {
      table.row(c.releaseId(), c.abortRequested() ? "ABORTING" : "RUNNING",
          TIME.format(Instant.ofEpochMilli(c.startedAt())), "", c.image(), c.origin());
    }
    if (s.queued() != null) {
      table.row("-", "QUEUED", "", "", s.queued().describeArtifact(), s.queued().origin());
    }
    if (table.isEmpty()) {
      out.println("(no releases yet)");
    } else {
      table.print(out);
    }
    for (IgnoredEvent e : s.ignored()) {
      out.printf("ignored %s %s: %s%n", e.kind(), e.image() == null ? "" : e.image(), PrintableText.escape(e.reason()));
    }
  }

  private static String duration(long millis) {
    Duration d = Duration.ofMillis(Math.max(0, millis));
    return d.toMinutes() > 0 ? d.toMinutes() + "m" + d.toSecondsPart() + "s" : d.toSeconds() + "s";
  }

  private static ObjectNode json(ServiceStatus s) {
    ObjectNode o = StatusJson.MAPPER.createObjectNode();
    o.put("service", s.service().toString());
    o.put("servingImage", s.servingImage());
    ArrayNode releases = o.putArray("releases");
    for (ReleaseRecord r : s.history()) {
      ObjectNode n = releases.addObject();
      n.put("releaseId", r.releaseId());
      n.put("workflowId", r.workflowId());
      n.put("outcome", r.phase() == null ? "FAILED" : r.phase().name());
      n.put("image", r.image());
      n.put("origin", r.origin());
      n.put("requestedBy", r.requestedBy());
      n.put("reason", r.reason());
      n.put("startedAt", Instant.ofEpochMilli(r.startedAt()).toString());
      n.put("endedAt", Instant.ofEpochMilli(r.endedAt()).toString());
    }
    CurrentRelease c = s.current();
    if (c == null) {
      o.putNull("running");
    } else {
      ObjectNode n = o.putObject("running");
      n.put("releaseId", c.releaseId());
      n.put("workflowId", c.workflowId());
      n.put("image", c.image());
      n.put("origin", c.origin());
      n.put("startedAt", Instant.ofEpochMilli(c.startedAt()).toString());
      n.put("abortRequested", c.abortRequested());
    }
    if (s.queued() == null) {
      o.putNull("queued");
    } else {
      ObjectNode n = o.putObject("queued");
      n.put("image", s.queued().image());
      n.put("build", s.queued().build() == null ? null : s.queued().describeArtifact());
      n.put("origin", s.queued().origin());
      n.put("requestedBy", s.queued().requestedBy());
    }
    return o;
  }
}
