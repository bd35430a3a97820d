package dev.runshift.report;

import dev.runshift.health.Health;
import dev.runshift.report.ReleaseTimeline.ArmPoint;
import dev.runshift.report.ReleaseTimeline.Marker;
import dev.runshift.report.ReleaseTimeline.TrafficPoint;
import dev.runshift.report.ReleaseTimeline.VerdictPoint;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Draws a {@link ReleaseTimeline} as one self-contained SVG: the traffic share of each revision over
 * time, a strip of verdicts coloured by health, the candidate's and stable's 5xx rate at each verdict
 * with its anytime-valid interval, their p99 latency where the verdicts have it, and a line for every
 * operator action, failure and the outcome, on one time axis (UTC). Pure: the same timeline gives the
 * same markup; nothing is fetched (no fonts, scripts or images).
 */
public final class TimelineSvg {
  static final int WIDTH = 1200;
  private static final int LEFT = 86;
  private static final int RIGHT = 32;
  private static final int PLOT_WIDTH = WIDTH - LEFT - RIGHT;
  private static final int LANE = 17;
  private static final int TRAFFIC_HEIGHT = 150;
  private static final int VERDICT_HEIGHT = 26;
  private static final int ERRORS_HEIGHT = 170;
  private static final int LATENCY_HEIGHT = 130;
  private static final int PANEL_GAP = 44;
  private static final int LEGEND_ROW = 20;
  private static final double CHAR_WIDTH = 6.9; // at 11px, generous for a sans-serif in bold
  private static final double MIN_ERROR_AXIS = 0.005;

  static final String FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', Arial, sans-serif";
  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

  private TimelineSvg() {}

  /** The picture as a standalone SVG document (with its XML namespace, usable inline in HTML too). */
  public static String render(ReleaseTimeline timeline) {
    return new Drawing(timeline).draw();
  }

  /** Formats a fraction as a percent with enough digits for small rates (0.12%, 10.0%). */
  static String percent(double fraction) {
    double p = fraction * 100;
    String pattern = p == 0 ? "%.0f%%" : Math.abs(p) < 1 ? "%.2f%%" : Math.abs(p) < 10 ? "%.1f%%" : "%.0f%%";
    return String.format(Locale.ROOT, pattern, p);
  }

  static String clock(long epochMillis) {
    return CLOCK.format(Instant.ofEpochMilli(epochMillis));
  }

  static String day(long epochMillis) {
    return DAY.format(Instant.ofEpochMilli(epochMillis));
  }

  /** The revisions of a timeline in drawing order (bottom to top): others first, the candidate last. */
  static List<String> revisions(ReleaseTimeline timeline) {
    Set<String> order = new LinkedHashSet<>();
    for (TrafficPoint p : timeline.traffic()) {
      order.addAll(p.percents().keySet());
    }
    List<String> revisions = new ArrayList<>(order);
    if (revisions.remove(timeline.candidateRevision())) {
      revisions.add(timeline.candidateRevision());
    }
    return revisions;
  }

  /** One drawing: the layout computed from the timeline, then the markup. */
  private static final class Drawing {
    private final ReleaseTimeline t;
    private final SvgWriter svg = new SvgWriter();
    private final Scales.Linear x;
    private final List<String> revisions;
    private final Map<String, String> colours;
    private final List<MarkerLanes.Placement> placements;
    private final boolean hasRates;
    private final boolean hasLatency;
    private double legendX = LEFT;
    private int legendY = 92;
    private int markersTop;
    private int trafficTop;
    private int verdictTop;
    private int errorsTop;
    private int latencyTop;
    private int plotBottom;
    private int height;

    Drawing(ReleaseTimeline timeline) {
      this.t = timeline;
      long end = Math.max(t.endMillis(), t.startMillis() + 1_000);
      this.x = new Scales.Linear(t.startMillis(), end, LEFT, LEFT + PLOT_WIDTH);
      this.revisions = revisions(t);
      this.colours = Palette.revisions(revisions, t.candidateRevision());
      this.hasRates = t.verdicts().stream().anyMatch(v -> rate(v.candidate()) != null || rate(v.stable()) != null);
      this.hasLatency = t.verdicts().stream().anyMatch(v -> p99(v.candidate()) != null || p99(v.stable()) != null);
      this.placements = MarkerLanes.place(
          t.markers().stream().map(m -> x.at(m.atMillis())).toList(),
          t.markers().stream().map(m -> textWidth(m.label(), 11)).toList(),
          WIDTH - RIGHT / 2.0);
    }

    /** Places the panels below a legend of {@code legendY}'s rows. */
    private void layout() {
      markersTop = legendY + 18;
      trafficTop = markersTop + MarkerLanes.count(placements) * LANE + 30;
      verdictTop = trafficTop + TRAFFIC_HEIGHT + 30;
      errorsTop = verdictTop + VERDICT_HEIGHT + PANEL_GAP;
      int afterErrors = errorsTop + (hasRates ? ERRORS_HEIGHT : 0);
      latencyTop = afterErrors + (hasRates ? PANEL_GAP : 0);
      plotBottom = hasLatency ? latencyTop + LATENCY_HEIGHT : (hasRates ? afterErrors : verdictTop + VERDICT_HEIGHT);
      height = plotBottom + 52;
    }

    String draw() {
      // The header and legend come first; their height places the rest, so the document is assembled last.
      header();
      legend();
      layout();
      timeGrid();
      traffic();
      verdicts();
      if (hasRates) {
        errors();
      }
      if (hasLatency) {
        latency();
      }
      timeAxis();
      markers();
      SvgWriter document = new SvgWriter();
      document.open("svg", "xmlns", "http://www.w3.org/2000/svg", "width", WIDTH, "height", height,
          "viewBox", "0 0 " + WIDTH + " " + height, "font-family", FONT, "font-size", 12, "role", "img",
          "aria-label", "Release " + t.releaseId() + " of " + t.service() + " over time");
      document.empty("rect", "width", WIDTH, "height", height, "fill", "#ffffff");
      return document + svg.toString() + "</svg>\n";
    }

    private void header() {
      svg.text("text", "Release " + t.releaseId() + " of " + t.service() + " — " + t.outcome(),
          "x", LEFT, "y", 30, "font-size", 19, "font-weight", 600, "fill", "#202124");
      svg.text("text", t.image() == null ? "" : t.image(), "x", LEFT, "y", 50, "font-size", 12, "fill", "#5f6368");
      svg.text("text", "candidate " + t.candidateRevision() + " · from " + day(t.startMillis()) + " for "
              + duration(t.endMillis() - t.startMillis()),
          "x", LEFT, "y", 68, "font-size", 12, "fill", "#5f6368");
    }

    /** The legend: revisions on the first row, then the series, verdicts and markers, wrapping as needed. */
    private void legend() {
      svg.open("g", "id", "legend", "font-size", 12, "fill", "#3c4043");
      for (String r : revisions) {
        swatch(colours.get(r), r + (r.equals(t.candidateRevision()) ? " (candidate)" : ""), "rect");
      }
      legendRow();
      if (hasRates || hasLatency) {
        swatch(Palette.CANDIDATE, "candidate", "circle");
        swatch(Palette.STABLE, "stable", "square");
        swatch("#3c4043", "interval", "whisker");
        legendX += 12;
      }
      for (Health h : Health.values()) {
        swatch(Palette.health(h), h.name().toLowerCase(Locale.ROOT) + " verdict", "diamond");
      }
      legendX += 12;
      for (ReleaseTimeline.Kind k : ReleaseTimeline.Kind.values()) {
        swatch(Palette.marker(k), k.name().toLowerCase(Locale.ROOT), "dash");
      }
      svg.close("g");
    }

    private void legendRow() {
      if (legendX > LEFT) {
        legendX = LEFT;
        legendY += LEGEND_ROW;
      }
    }

    private void swatch(String colour, String label, String shape) {
      double width = 18 + textWidth(label, 12) + 16;
      if (legendX + width > WIDTH - RIGHT) {
        legendRow();
      }
      double cx = legendX;
      int y = legendY;
      switch (shape) {
        case "whisker" -> {
          svg.empty("line", "x1", cx + 6, "x2", cx + 6, "y1", y - 11, "y2", y + 2, "stroke", colour, "stroke-width", 1.5);
          svg.empty("line", "x1", cx + 2, "x2", cx + 10, "y1", y - 11, "y2", y - 11, "stroke", colour, "stroke-width", 1.5);
          svg.empty("line", "x1", cx + 2, "x2", cx + 10, "y1", y + 2, "y2", y + 2, "stroke", colour, "stroke-width", 1.5);
        }
        case "rect" -> svg.empty("rect", "x", cx, "y", y - 10, "width", 14, "height", 12, "fill", colour, "rx", 2);
        case "circle" -> svg.empty("circle", "cx", cx + 6, "cy", y - 4, "r", 5, "fill", colour);
        case "square" -> svg.empty("rect", "x", cx + 1, "y", y - 9, "width", 10, "height", 10, "fill", colour);
        case "diamond" -> svg.empty("path", "d", diamond(cx + 6, y - 4, 6), "fill", colour);
        default -> svg.empty("line", "x1", cx + 6, "x2", cx + 6, "y1", y - 12, "y2", y + 3, "stroke", colour,
            "stroke-width", 2, "stroke-dasharray", "4 2");
      }
      svg.text("text", label, "x", cx + 18, "y", y);
      legendX += width;
    }

    // ---- traffic ---------------------------------------------------------------------------------

    private void traffic() {
      int bottom = trafficTop + TRAFFIC_HEIGHT;
      Scales.Linear y = new Scales.Linear(0, 100, bottom, trafficTop);
      panelTitle(trafficTop, "Traffic share by revision (%)");
      svg.open("g", "id", "traffic");
      gridAndValueAxis(y, List.of(0.0, 25.0, 50.0, 75.0, 100.0), v -> String.format(Locale.ROOT, "%.0f%%", v));
      List<TrafficPoint> points = t.traffic();
      for (int i = 0; i < points.size(); i++) {
        TrafficPoint p = points.get(i);
        double x0 = x.at(Math.max(p.atMillis(), t.startMillis()));
        double x1 = x.at(i + 1 < points.size() ? points.get(i + 1).atMillis() : t.endMillis());
        if (x1 <= x0) {
          continue;
        }
        double below = 0;
        for (String r : revisions) {
          int share = p.percents().getOrDefault(r, 0);
          if (share > 0) {
            svg.open("rect", "x", x0, "y", y.at(below + share), "width", x1 - x0,
                "height", y.at(below) - y.at(below + share), "fill", colours.get(r), "class", "share");
            svg.title(r + ": " + share + "% from " + clock(p.atMillis()));
            svg.close("rect");
          }
          below += share;
        }
      }
      svg.empty("rect", "x", LEFT, "y", trafficTop, "width", PLOT_WIDTH, "height", TRAFFIC_HEIGHT,
          "fill", "none", "stroke", "#dadce0");
      svg.close("g");
    }

    // ---- verdicts --------------------------------------------------------------------------------

    private void verdicts() {
      int mid = verdictTop + VERDICT_HEIGHT / 2;
      svg.text("text", "verdicts", "x", LEFT - 10, "y", mid + 4, "text-anchor", "end", "fill", "#3c4043");
      svg.open("g", "id", "verdicts");
      svg.empty("line", "x1", LEFT, "x2", LEFT + PLOT_WIDTH, "y1", mid, "y2", mid, "stroke", "#dadce0");
      if (t.verdicts().isEmpty()) {
        svg.text("text", "no verdict yet", "x", LEFT + 8, "y", mid - 6, "fill", "#5f6368", "font-style", "italic");
      }
      for (VerdictPoint v : t.verdicts()) {
        svg.open("path", "d", diamond(x.at(v.atMillis()), mid, 7), "fill", Palette.health(v.health()),
            "stroke", "#ffffff", "stroke-width", 1, "class", "verdict " + v.health().name().toLowerCase(Locale.ROOT));
        svg.title(clock(v.atMillis()) + " at " + v.candidatePercent() + "%: " + v.health()
            + (v.reason() == null ? "" : " — " + v.reason()));
        svg.close("path");
      }
      svg.close("g");
    }

    // ---- 5xx -------------------------------------------------------------------------------------

    private void errors() {
      int bottom = errorsTop + ERRORS_HEIGHT;
      double highest = 0;
      double highestRate = 0;
      for (VerdictPoint v : t.verdicts()) {
        for (ArmPoint a : arms(v)) {
          if (a.rate() != null) {
            highestRate = Math.max(highestRate, a.rate());
            highest = Math.max(highest, a.rate());
          }
          if (a.rateHigh() != null) {
            highest = Math.max(highest, a.rateHigh());
          }
        }
      }
      // Early intervals can be wide: show them up to 3x the highest rate and let them run off the top.
      List<Double> ticks =
          Scales.ticks(Math.max(MIN_ERROR_AXIS, Math.min(highest, Math.max(3 * highestRate, MIN_ERROR_AXIS))), 4);
      Scales.Linear y = new Scales.Linear(0, ticks.get(ticks.size() - 1), bottom, errorsTop);
      panelTitle(errorsTop, "5xx rate at each verdict, with its anytime-valid interval where the verdict has one");
      svg.open("g", "id", "errors");
      gridAndValueAxis(y, ticks, TimelineSvg::percent);
      series(y, VerdictPoint::candidate, Palette.CANDIDATE, -3, "candidate", true);
      series(y, VerdictPoint::stable, Palette.STABLE, 3, "stable", true);
      svg.close("g");
    }

    // ---- p99 -------------------------------------------------------------------------------------

    private void latency() {
      int bottom = latencyTop + LATENCY_HEIGHT;
      double highest = t.verdicts().stream().flatMap(v -> arms(v).stream()).map(Drawing::p99)
          .filter(java.util.Objects::nonNull).mapToDouble(Double::doubleValue).max().orElse(1);
      List<Double> ticks = Scales.ticks(Math.max(1, highest * 1.05), 4);
      Scales.Linear y = new Scales.Linear(0, ticks.get(ticks.size() - 1), bottom, latencyTop);
      panelTitle(latencyTop, "p99 latency at each verdict (ms)");
      svg.open("g", "id", "latency");
      gridAndValueAxis(y, ticks, v -> String.format(Locale.ROOT, "%.0f ms", v));
      series(y, VerdictPoint::candidate, Palette.CANDIDATE, -3, "candidate", false);
      series(y, VerdictPoint::stable, Palette.STABLE, 3, "stable", false);
      svg.close("g");
    }

    /** One arm's points joined by a thin line; for 5xx with interval whiskers. */
    private void series(Scales.Linear y, Function<VerdictPoint, ArmPoint> arm, String colour, int dx, String name,
        boolean errorRates) {
      List<String> path = new ArrayList<>();
      svg.open("g", "class", "series " + name, "fill", colour, "stroke", colour);
      for (VerdictPoint v : t.verdicts()) {
        ArmPoint a = arm.apply(v);
        Double value = errorRates ? rate(a) : p99(a);
        if (value == null) {
          continue;
        }
        double px = x.at(v.atMillis()) + dx;
        double py = y.at(value);
        path.add((path.isEmpty() ? "M" : "L") + SvgWriter.format(px) + " " + SvgWriter.format(py));
        if (errorRates && a.hasInterval()) {
          double lo = y.at(a.rateLow());
          double hi = y.at(a.rateHigh());
          svg.empty("line", "x1", px, "x2", px, "y1", lo, "y2", hi, "stroke-width", 1.5, "class", "interval");
          svg.empty("line", "x1", px - 3, "x2", px + 3, "y1", lo, "y2", lo, "stroke-width", 1.5);
          if (a.rateHigh() <= y.d1()) {
            svg.empty("line", "x1", px - 3, "x2", px + 3, "y1", hi, "y2", hi, "stroke-width", 1.5);
          } else { // runs off the top of the axis: an open arrow
            svg.empty("path", "d", "M" + SvgWriter.format(px - 3.5) + " " + SvgWriter.format(hi + 5) + " L"
                + SvgWriter.format(px) + " " + SvgWriter.format(hi) + " L" + SvgWriter.format(px + 3.5) + " "
                + SvgWriter.format(hi + 5), "fill", "none", "stroke-width", 1.5);
          }
        }
        String tip = clock(v.atMillis()) + " " + name + (errorRates
            ? " 5xx " + percent(value) + (a.hasInterval()
                ? " (interval " + percent(a.rateLow()) + " – " + percent(a.rateHigh()) + ")" : "")
            : " p99 " + String.format(Locale.ROOT, "%.0f ms", value));
        if ("candidate".equals(name)) {
          svg.open("circle", "cx", px, "cy", py, "r", 4, "stroke", "#ffffff", "stroke-width", 1, "class", "point");
          svg.title(tip);
          svg.close("circle");
        } else {
          svg.open("rect", "x", px - 3.5, "y", py - 3.5, "width", 7, "height", 7, "stroke", "#ffffff",
              "stroke-width", 1, "class", "point");
          svg.title(tip);
          svg.close("rect");
        }
      }
      if (path.size() > 1) {
        svg.empty("path", "d", String.join(" ", path), "fill", "none", "stroke-width", 1.2, "stroke-opacity", 0.6);
      }
      svg.close("g");
    }

    // ---- axes and markers ------------------------------------------------------------------------

    private void panelTitle(int top, String title) {
      svg.text("text", title, "x", LEFT, "y", top - 10, "font-size", 13, "font-weight", 600, "fill", "#202124");
    }

    private void gridAndValueAxis(Scales.Linear y, List<Double> ticks, Function<Double, String> label) {
      for (double v : ticks) {
        double py = y.at(v);
        svg.empty("line", "x1", LEFT, "x2", LEFT + PLOT_WIDTH, "y1", py, "y2", py, "stroke", "#e8eaed");
        svg.text("text", label.apply(v), "x", LEFT - 8, "y", py + 4, "text-anchor", "end", "fill", "#5f6368",
            "font-size", 11);
      }
    }

    private List<Long> timeTicks() {
      return Scales.timeTicks(t.startMillis(), Math.max(t.endMillis(), t.startMillis() + 1_000), 10);
    }

    /** Vertical lines at the time ticks, behind everything else. */
    private void timeGrid() {
      svg.open("g", "id", "time-grid", "stroke", "#eef0f2");
      for (long tick : timeTicks()) {
        svg.empty("line", "x1", x.at(tick), "x2", x.at(tick), "y1", trafficTop, "y2", plotBottom);
      }
      svg.close("g");
    }

    private void timeAxis() {
      svg.open("g", "id", "time-axis", "fill", "#5f6368", "font-size", 11);
      svg.empty("line", "x1", LEFT, "x2", LEFT + PLOT_WIDTH, "y1", plotBottom, "y2", plotBottom, "stroke", "#9aa0a6");
      for (long tick : timeTicks()) {
        double px = x.at(tick);
        svg.empty("line", "x1", px, "x2", px, "y1", plotBottom, "y2", plotBottom + 5, "stroke", "#9aa0a6");
        svg.text("text", clock(tick), "x", px, "y", plotBottom + 18, "text-anchor", "middle", "class", "tick");
      }
      svg.text("text", "time (UTC)", "x", LEFT + PLOT_WIDTH / 2.0, "y", plotBottom + 38, "text-anchor", "middle",
          "font-size", 12, "fill", "#3c4043");
      svg.close("g");
    }

    private void markers() {
      svg.open("g", "id", "markers", "font-size", 11);
      for (int i = 0; i < t.markers().size(); i++) {
        Marker m = t.markers().get(i);
        String colour = Palette.marker(m.kind());
        double px = x.at(m.atMillis());
        double labelY = markersTop + placements.get(i).lane() * LANE + 12;
        boolean flip = placements.get(i).leftOfLine();
        svg.open("g", "class", "marker " + m.kind().name().toLowerCase(Locale.ROOT));
        svg.title(clock(m.atMillis()) + " " + m.label() + (m.detail() == null || m.detail().isBlank() ? "" : ": " + m.detail()));
        svg.empty("line", "x1", px, "x2", px, "y1", labelY - 11, "y2", plotBottom, "stroke", colour,
            "stroke-width", 1.5, "stroke-dasharray", "5 3", "stroke-opacity", 0.85);
        svg.text("text", m.label(), "x", flip ? px - 3 : px + 3, "y", labelY, "fill", colour,
            "text-anchor", flip ? "end" : "start", "font-weight", 600);
        svg.close("g");
      }
      svg.close("g");
    }

    private static List<ArmPoint> arms(VerdictPoint v) {
      List<ArmPoint> arms = new ArrayList<>(2);
      if (v.candidate() != null) {
        arms.add(v.candidate());
      }
      if (v.stable() != null) {
        arms.add(v.stable());
      }
      return arms;
    }

    private static Double rate(ArmPoint a) {
      return a == null ? null : a.rate();
    }

    private static Double p99(ArmPoint a) {
      return a == null ? null : a.p99Ms();
    }
  }

  static String diamond(double cx, double cy, double r) {
    return "M" + SvgWriter.format(cx) + " " + SvgWriter.format(cy - r) + " L" + SvgWriter.format(cx + r) + " "
        + SvgWriter.format(cy) + " L" + SvgWriter.format(cx) + " " + SvgWriter.format(cy + r) + " L"
        + SvgWriter.format(cx - r) + " " + SvgWriter.format(cy) + " Z";
  }

  static double textWidth(String text, int fontSize) {
    return text.length() * CHAR_WIDTH * fontSize / 11.0;
  }

  /** A duration in words: 45 s, 3 min 20 s, 2 h 5 min. */
  static String duration(long millis) {
    long s = Math.max(0, millis) / 1000;
    if (s < 60) {
      return s + " s";
    }
    if (s < 3600) {
      return s / 60 + " min" + (s % 60 == 0 ? "" : " " + s % 60 + " s");
    }
    return s / 3600 + " h" + (s % 3600 / 60 == 0 ? "" : " " + s % 3600 / 60 + " min");
  }
}
