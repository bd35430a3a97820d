package dev.runshift.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes a release's report files: the HTML page and/or the SVG picture, creating parent directories. */
public final class ReportFiles {
  private ReportFiles() {}

  /** Writes the page to {@code html} and the picture to {@code svg}; either may be null (not written). */
  public static void write(ReleaseTimeline timeline, Path html, Path svg) {
    if (html != null) {
      write(html, TimelineHtml.render(timeline));
    }
    if (svg != null) {
      write(svg, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + TimelineSvg.render(timeline));
    }
  }

  private static void write(Path file, String content) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(file, content, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}
