package dev.runshift.report;

import com.google.common.escape.Escaper;
import com.google.common.html.HtmlEscapers;
import dev.runshift.report.ReleaseTimeline.JournalEntry;

/**
 * A release report as one self-contained HTML page: a summary, the {@link TimelineSvg} picture inline,
 * and the release's journal as a table. No scripts, stylesheets, fonts or images are loaded from
 * anywhere: the file can be mailed or attached to a ticket and opened offline.
 */
public final class TimelineHtml {
  private static final Escaper HTML = HtmlEscapers.htmlEscaper();

  private TimelineHtml() {}

  public static String render(ReleaseTimeline t) {
    StringBuilder out = new StringBuilder(32_768);
    out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>").append(e("Runshift release " + t.releaseId() + " of " + t.service())).append("</title>\n")
        .append("<style>\n")
        .append("body{font-family:").append(TimelineSvg.FONT).append(";color:#202124;margin:24px;background:#f8f9fa}\n")
        .append("main{max-width:1200px;margin:auto}\n")
        .append("h1{font-size:22px;font-weight:600;margin:0 0 12px}\n")
        .append("h2{font-size:16px;font-weight:600;margin:28px 0 8px}\n")
        .append("dl{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px;margin:0 0 16px;font-size:14px}\n")
        .append("dt{color:#5f6368}dd{margin:0;overflow-wrap:anywhere}\n")
        .append("figure{margin:0;background:#fff;border:1px solid #dadce0;border-radius:8px;overflow-x:auto}\n")
        .append("svg{display:block;max-width:100%;height:auto}\n")
        .append("table{border-collapse:collapse;width:100%;background:#fff;font-size:13px}\n")
        .append("th,td{text-align:left;padding:6px 10px;border-bottom:1px solid #e8eaed;vertical-align:top}\n")
        .append("th{background:#f1f3f4;font-weight:600;white-space:nowrap}td.time{white-space:nowrap;font-variant-numeric:tabular-nums}\n")
        .append("td.reason{word-break:break-word}\n")
        .append("footer{color:#5f6368;font-size:12px;margin-top:16px}\n")
        .append("</style>\n</head>\n<body>\n<main>\n");
    out.append("<h1>Runshift release report</h1>\n<dl>\n");
    row(out, "service", t.service());
    row(out, "release", t.releaseId());
    row(out, "outcome", t.outcome());
    t.markers().stream().filter(m -> m.kind() == ReleaseTimeline.Kind.OUTCOME).reduce((a, b) -> b)
        .ifPresent(m -> row(out, "why", m.detail()));
    row(out, "image", t.image());
    row(out, "candidate", t.candidateRevision());
    row(out, "started", TimelineSvg.day(t.startMillis()));
    row(out, "covered", TimelineSvg.duration(t.endMillis() - t.startMillis()));
    out.append("</dl>\n<figure>\n").append(TimelineSvg.render(t)).append("</figure>\n");
    out.append("<h2>Journal</h2>\n<table>\n<thead><tr><th>time (UTC)</th><th>what</th><th>why</th><th>by</th></tr></thead>\n<tbody>\n");
    for (JournalEntry j : t.journal()) {
      out.append("<tr><td class=\"time\">").append(e(TimelineSvg.clock(j.atMillis())))
          .append("</td><td>").append(e(j.what()))
          .append("</td><td class=\"reason\">").append(e(j.reason()))
          .append("</td><td>").append(e(j.by())).append("</td></tr>\n");
    }
    out.append("</tbody>\n</table>\n<footer>Written by runshift report. Times are workflow times in UTC; "
        + "hover a point or a line of the picture for its details.</footer>\n</main>\n</body>\n</html>\n");
    return out.toString();
  }

  private static void row(StringBuilder out, String name, String value) {
    out.append("<dt>").append(e(name)).append("</dt><dd>").append(e(value)).append("</dd>\n");
  }

  private static String e(String text) {
    return text == null ? "" : HTML.escape(text);
  }
}
