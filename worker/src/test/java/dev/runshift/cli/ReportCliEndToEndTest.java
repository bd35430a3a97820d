package dev.runshift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runshift.local.LocalPorts;
import dev.runshift.local.LocalSettings;
import dev.runshift.local.LocalStack;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * {@code runshift report} against a release run on the local stack: deployed, paused, resumed and
 * promoted by an operator through the CLI; the report shows its traffic, verdicts and those actions.
 */
class ReportCliEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String REPO = "us-docker.pkg.dev/runshift-local/apps/cart";
  private static final String V1 = REPO + "@sha256:" + "1".repeat(64);
  private static final String V2 = REPO + "@sha256:" + "2".repeat(64);
  /** Kept after the run, to look at in a browser. */
  private static final Path OUT = Path.of("target", "report-e2e");

  private static LocalStack stack;
  private static Map<String, String> env;

  @BeforeAll
  static void startStack() {
    stack = LocalStack.start(LocalSettings.demo(), LocalPorts.any());
    env = Map.of(
        "TEMPORAL_ADDRESS", stack.temporalAddress(),
        "RUNSHIFT_SIM", stack.controlUrl(),
        "RUNSHIFT_PROJECT", LocalStack.PROJECT,
        "USER", "tester");
  }

  @AfterAll
  static void stopStack() {
    stack.close();
  }

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void reportsAReleaseWithItsTrafficVerdictsAndOperatorActions() throws Exception {
    ok("sim", "create-service", "cart", "--image", V1);
    ok("sim", "rate", "cart", "400");
    ok("sim", "image", V2, "--error-rate", "0");
    Files.createDirectories(OUT);
    Path policy = OUT.resolve("policy.yaml");
    // A long soak: the release verifies at 10% until the operator promotes it.
    Files.writeString(policy, "steps: [10, 100]\nsoak: 10m\nanalysisInterval: 1s\nminRequests: 10\n");
    ok("deploy", "--service", "cart", "--image", V2, "--policy", policy.toString());

    JsonNode looked = awaitStatus(s -> s.path("phase").asText().equals("VERIFYING") && count(s, "verdict at 10%") >= 1);
    String releaseId = looked.path("releaseId").asText();
    String candidate = looked.path("candidateRevision").asText();
    ok("pause", "cart", "--reason", "checking <dashboards> & logs");
    awaitStatus(s -> s.path("phase").asText().equals("PAUSED"));
    ok("resume", "cart");
    awaitStatus(s -> s.path("phase").asText().equals("VERIFYING"));
    ok("promote", "cart", "--reason", "looks good");
    awaitStatus(s -> s.path("phase").asText().equals("PROMOTED"));

    Path html = OUT.resolve("cart.html");
    Path svg = OUT.resolve("cart.svg");
    CliRun report = ok("report", "cart", "--html", html.toString(), "--svg", svg.toString());
    assertTrue(report.out().contains("release " + releaseId + " of ") && report.out().contains("(PROMOTED)"), report.toString());
    assertTrue(report.out().contains("wrote " + html.toAbsolutePath()), report.toString());
    assertTrue(report.out().contains("wrote " + svg.toAbsolutePath()), report.toString());

    Document picture = parse(Files.readString(svg));
    // Traffic: the candidate's share is drawn (10%, then 100% until the end is a zero-width instant).
    assertTrue(count(picture, "//g[@id='traffic']/rect[@class='share' and @fill='#e8710a']") >= 1);
    // At least one verdict, and its sequential evidence drawn as the candidate's 5xx with an interval.
    assertTrue(count(picture, "//g[@id='verdicts']/path") >= 1);
    assertTrue(count(picture, "//g[@id='errors']//line[@class='interval']") >= 1);
    assertEquals(List.of("pause", "resume", "promote", "promoted"), texts(picture, "//g[@id='markers']/g/text"));
    assertTrue(Files.readString(svg).contains("checking &lt;dashboards&gt; &amp; logs"));

    String page = Files.readString(html);
    assertTrue(page.contains("<svg") && page.contains(candidate) && page.contains("looks good"), page);
    assertTrue(page.contains("checking &lt;dashboards&gt; &amp; logs"), page);

    // The same release by its id; an unknown id and a report without a file are one clear line each.
    Path byId = OUT.resolve("by-id.svg");
    ok("report", "cart", "--release", releaseId, "--svg", byId.toString());
    assertTrue(Files.readString(byId).contains("Release " + releaseId + " of "));
    CliRun unknown = CliRun.run(env, "report", "cart", "--release", "r99-nope", "--svg", byId.toString());
    assertEquals(1, unknown.exitCode(), unknown.toString());
    assertEquals("runshift: no release r99-nope of runshift-local/us-central1/cart; its releases: " + releaseId,
        unknown.errLines()[0]);
    CliRun nowhere = CliRun.run(env, "report", "cart");
    assertEquals(1, nowhere.exitCode(), nowhere.toString());
    assertEquals("runshift: say where to write the report: --html FILE and/or --svg FILE", nowhere.errLines()[0]);
  }

  private static CliRun ok(String... args) {
    CliRun r = CliRun.run(env, args);
    assertEquals(0, r.exitCode(), () -> String.join(" ", args) + "\n" + r);
    return r;
  }

  private static long count(JsonNode status, String decision) {
    long n = 0;
    for (JsonNode d : status.path("decisions")) {
      n += d.toString().contains(decision) ? 1 : 0;
    }
    return n;
  }

  private static JsonNode awaitStatus(Predicate<JsonNode> condition) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    JsonNode last = null;
    while (System.nanoTime() < deadline) {
      CliRun r = CliRun.run(env, "status", "cart", "--json");
      if (r.exitCode() == 0) {
        last = JSON.readTree(r.out());
        if (condition.test(last)) {
          return last;
        }
      }
      Thread.sleep(250);
    }
    throw new AssertionError("status never matched; last: " + (last == null ? null : last.toPrettyString()));
  }

  private static Document parse(String xml) throws Exception {
    return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
  }

  private static NodeList nodes(Document doc, String xpath) throws Exception {
    return (NodeList) XPathFactory.newInstance().newXPath().evaluate(xpath, doc, XPathConstants.NODESET);
  }

  private static int count(Document doc, String xpath) throws Exception {
    return nodes(doc, xpath).getLength();
  }

  private static List<String> texts(Document doc, String xpath) throws Exception {
    NodeList list = nodes(doc, xpath);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < list.getLength(); i++) {
      out.add(list.item(i).getTextContent());
    }
    return out;
  }
}
