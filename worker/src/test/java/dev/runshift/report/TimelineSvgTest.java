package dev.runshift.report;

import static dev.runshift.report.SvgDocs.all;
import static dev.runshift.report.SvgDocs.number;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runshift.health.Health;
import dev.runshift.report.ReleaseTimeline.ArmPoint;
import dev.runshift.report.ReleaseTimeline.Kind;
import dev.runshift.report.ReleaseTimeline.Marker;
import dev.runshift.report.ReleaseTimeline.TrafficPoint;
import dev.runshift.report.ReleaseTimeline.VerdictPoint;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class TimelineSvgTest {
  private static final long S = 1000;

  @Test
  void isWellFormedSvgWithEveryPanel() throws Exception {
    Document doc = SvgDocs.parse(TimelineSvg.render(Timelines.rolledBack()));
    Element root = doc.getDocumentElement();
    assertEquals("svg", root.getTagName());
    assertEquals("http://www.w3.org/2000/svg", root.getAttribute("xmlns"));
    for (String id : List.of("legend", "traffic", "verdicts", "errors", "latency", "markers", "time-axis")) {
      assertEquals(1, all(doc, "//g[@id='" + id + "']").size(), id);
    }
    // Nothing is loaded from elsewhere: no scripts, images, links or style imports.
    assertTrue(all(doc, "//script | //image | //a | //use | //foreignObject | //style").isEmpty());
  }

  @Test
  void escapesEveryTextAndAttribute() throws Exception {
    ReleaseTimeline hostile = new ReleaseTimeline("p/r/<svc>&\"x\"", "r1", "img", "cand", "ROLLED_BACK",
        Timelines.T0, Timelines.T0 + 60 * S,
        List.of(new TrafficPoint(Timelines.T0, Map.of("cand", 10, "st<&>", 90))),
        List.of(new VerdictPoint(Timelines.T0 + 30 * S, 10, Health.UNHEALTHY, "5xx > 1% & \"rising\"",
            new ArmPoint(0.02, 0.01, 0.03, null), null)),
        List.of(new Marker(Timelines.T0 + 40 * S, Kind.OPERATOR, "pause <now>", "by ']]>' & co")),
        List.of());
    String svg = TimelineSvg.render(hostile);
    assertFalse(svg.contains("<svc>") || svg.contains("<now>") || svg.contains("st<&>"), svg);
    Document doc = SvgDocs.parse(svg); // throws when anything is left unescaped
    String texts = all(doc, "//text | //title").stream().map(Element::getTextContent).collect(Collectors.joining("\n"));
    assertTrue(texts.contains("p/r/<svc>&\"x\""), texts);
    assertTrue(texts.contains("pause <now>"), texts);
    assertTrue(texts.contains("5xx > 1% & \"rising\""), texts);
    assertTrue(texts.contains("by ']]>' & co"), texts);
    assertTrue(all(doc, "//svg").get(0).getAttribute("aria-label").contains("<svc>&\"x\""));
  }

  @Test
  void trafficSharesAreStackedToScale() throws Exception {
    Document doc = SvgDocs.parse(TimelineSvg.render(Timelines.rolledBack()));
    List<Element> shares = all(doc, "//g[@id='traffic']/rect[@class='share']");
    // 100 | 90+10 | 50+50; the rollback's 100 comes at the very end: no width, not drawn
    assertEquals(5, shares.size());
    Element stableAt90 = shares.get(1);
    Element candidateAt10 = shares.get(2);
    assertEquals(Palette.CANDIDATE, candidateAt10.getAttribute("fill"));
    assertNotEquals(Palette.CANDIDATE, stableAt90.getAttribute("fill"));
    double h90 = number(stableAt90, "height");
    double h10 = number(candidateAt10, "height");
    assertEquals(9.0, h90 / h10, 0.01);
    assertEquals(150, h90 + h10, 0.02);
    // The candidate is stacked on top of stable, over the same time span.
    assertEquals(number(stableAt90, "y"), number(candidateAt10, "y") + h10, 0.02);
    assertEquals(number(stableAt90, "x"), number(candidateAt10, "x"), 0.001);
    // Time maps linearly: the shift at 20 s of 230 s starts 20/230 of the way along the plot.
    double left = number(shares.get(0), "x");
    double plot = number(shares.get(4), "x") + number(shares.get(4), "width") - left;
    assertEquals(20.0 / 230, (number(stableAt90, "x") - left) / plot, 0.001);
  }

  @Test
  void errorRatesAndIntervalsShareOneScale() throws Exception {
    ReleaseTimeline t = Timelines.rolledBack();
    Document doc = SvgDocs.parse(TimelineSvg.render(t));
    List<Element> points = all(doc, "//g[@id='errors']/g[contains(@class,'candidate')]/circle");
    assertEquals(t.verdicts().size(), points.size());
    List<Element> intervals = all(doc, "//g[@id='errors']/g[contains(@class,'candidate')]/line[@class='interval']");
    assertEquals(t.verdicts().size(), intervals.size());
    // For the last verdict: low, rate and high are in order on the axis, at their proportions.
    ArmPoint last = t.verdicts().get(t.verdicts().size() - 1).candidate();
    Element point = points.get(points.size() - 1);
    Element interval = intervals.get(intervals.size() - 1);
    double yRate = number(point, "cy");
    double yLow = number(interval, "y1");
    double yHigh = number(interval, "y2");
    assertTrue(yLow > yRate && yRate > yHigh, yLow + " " + yRate + " " + yHigh);
    assertEquals((last.rate() - last.rateLow()) / (last.rateHigh() - last.rate()),
        (yLow - yRate) / (yRate - yHigh), 0.02);
    // The tooltip says the numbers.
    String tip = point.getTextContent();
    assertTrue(tip.contains("candidate 5xx " + TimelineSvg.percent(last.rate())), tip);
    assertTrue(tip.contains(TimelineSvg.percent(last.rateHigh())), tip);
  }

  @Test
  void verdictsAreColouredByHealth() throws Exception {
    Document doc = SvgDocs.parse(TimelineSvg.render(Timelines.rolledBack()));
    assertEquals(3, all(doc, "//g[@id='verdicts']/path[contains(@class,'inconclusive')]").size());
    assertEquals(6, all(doc, "//g[@id='verdicts']/path[contains(@class,'healthy') and not(contains(@class,'unhealthy'))]").size());
    List<Element> unhealthy = all(doc, "//g[@id='verdicts']/path[contains(@class,'unhealthy')]");
    assertEquals(1, unhealthy.size());
    assertEquals("#d93025", unhealthy.get(0).getAttribute("fill"));
  }

  @Test
  void panelsWithoutDataAreLeftOut() throws Exception {
    ReleaseTimeline t = Timelines.rolledBack();
    ReleaseTimeline healthOnly = new ReleaseTimeline(t.service(), t.releaseId(), t.image(), t.candidateRevision(),
        t.outcome(), t.startMillis(), t.endMillis(), t.traffic(),
        t.verdicts().stream().map(v -> new VerdictPoint(v.atMillis(), v.candidatePercent(), v.health(), v.reason(),
            null, null)).toList(), t.markers(), t.journal());
    Document doc = SvgDocs.parse(TimelineSvg.render(healthOnly));
    assertTrue(all(doc, "//g[@id='errors'] | //g[@id='latency']").isEmpty());
    assertEquals(10, all(doc, "//g[@id='verdicts']/path").size());
  }

  @Test
  void timeAxisIsLabelledInUtc() throws Exception {
    Document doc = SvgDocs.parse(TimelineSvg.render(Timelines.rolledBack()));
    List<String> ticks = all(doc, "//g[@id='time-axis']/text[@class='tick']").stream()
        .map(Element::getTextContent).toList();
    assertEquals(List.of("10:00:00", "10:00:30", "10:01:00", "10:01:30", "10:02:00", "10:02:30", "10:03:00", "10:03:30"),
        ticks);
    assertTrue(all(doc, "//g[@id='time-axis']/text").stream().anyMatch(e -> e.getTextContent().equals("time (UTC)")));
  }

  @Test
  void markerLabelsThatWouldOverlapTakeDifferentLanes() throws Exception {
    Document doc = SvgDocs.parse(TimelineSvg.render(Timelines.rolledBack()));
    List<Element> labels = all(doc, "//g[@id='markers']/g/text");
    assertEquals(List.of("pause", "resume", "rolling back", "rolled back"),
        labels.stream().map(Element::getTextContent).toList());
    // "pause" and "resume" are far apart: one lane; "rolling back" and "rolled back" are 15 s apart: two.
    assertEquals(number(labels.get(0), "y"), number(labels.get(1), "y"));
    assertNotEquals(number(labels.get(2), "y"), number(labels.get(3), "y"));
    // The last one, at the right edge, is drawn to the left of its line.
    assertEquals("end", labels.get(3).getAttribute("text-anchor"));
    List<Element> classes = all(doc, "//g[@id='markers']/g");
    assertEquals("marker operator", classes.get(0).getAttribute("class"));
    assertEquals("marker failure", classes.get(2).getAttribute("class"));
    assertEquals("marker outcome", classes.get(3).getAttribute("class"));
  }
}
