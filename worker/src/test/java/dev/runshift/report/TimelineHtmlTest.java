package dev.runshift.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class TimelineHtmlTest {

  @Test
  void isOneSelfContainedPageWithThePictureInline() throws Exception {
    String html = TimelineHtml.render(Timelines.rolledBack());
    assertTrue(html.startsWith("<!DOCTYPE html>"));
    int start = html.indexOf("<svg");
    int end = html.indexOf("</svg>") + "</svg>".length();
    assertTrue(start > 0 && end > start);
    SvgDocs.parse(html.substring(start, end)); // the inline picture is well-formed
    assertFalse(html.contains("<script") || html.contains("<link") || html.contains("<img")
        || html.contains("@import") || html.contains("url("), html);
    // The only address in the page is the SVG namespace, which is a name, never fetched.
    Matcher addresses = Pattern.compile("(https?:)?//[a-z]").matcher(html);
    int count = 0;
    while (addresses.find()) {
      count++;
      assertTrue(html.startsWith("http://www.w3.org/2000/svg", addresses.start()), html.substring(addresses.start()));
    }
    assertEquals(1, count);
  }

  @Test
  void escapesTheJournal() {
    String html = TimelineHtml.render(Timelines.rolledBack());
    assertTrue(html.contains("unhealthy: 5xx &lt;b&gt;"), html);
    assertFalse(html.contains("<b>"));
    assertTrue(html.contains("<td>cli:alice</td>"));
    // The outcome's reason is in the summary.
    assertTrue(html.contains("<dt>why</dt><dd>unhealthy: 5xx</dd>"), html);
  }
}
