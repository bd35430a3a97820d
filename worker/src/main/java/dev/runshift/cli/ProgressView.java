package dev.runshift.cli;

import dev.runshift.release.ReleaseStatus;
import java.io.PrintWriter;

/** Where a followed release's progress goes: appended lines, or a terminal redrawn in place. */
interface ProgressView {

  /** A new status of the release. */
  void show(ReleaseStatus status);

  /** A line of its own: what the service did with a request, how following ended. */
  void note(String line);

  /**
   * One line per change, never redrawn: for output that is not a terminal (CI logs, files, pipes).
   */
  static ProgressView lines(PrintWriter out) {
    ProgressLines lines = new ProgressLines();
    return new ProgressView() {
      @Override
      public void show(ReleaseStatus status) {
        lines.next(status).forEach(out::println);
        out.flush();
      }

      @Override
      public void note(String line) {
        out.println(line);
        out.flush();
      }
    };
  }

  /**
   * For a terminal: decisions scroll by once each and the progress line below them is redrawn in place;
   * with {@code fullStatus}, the whole status ({@link StatusView}) is redrawn on a cleared screen instead.
   */
  static ProgressView terminal(PrintWriter out, boolean fullStatus, int columns) {
    return fullStatus ? new ScreenView(out) : new LiveLineView(out, columns);
  }

  /** Redraws the full status on a cleared screen. */
  final class ScreenView implements ProgressView {
    private static final String CLEAR_SCREEN = "\033[H\033[2J";
    private final PrintWriter out;

    ScreenView(PrintWriter out) {
      this.out = out;
    }

    @Override
    public void show(ReleaseStatus status) {
      out.print(CLEAR_SCREEN);
      StatusView.print(status, out);
    }

    @Override
    public void note(String line) {
      out.println(line);
      out.flush();
    }
  }

  /**
   * Decisions as lines, the progress line rewritten in place under them (cut to the terminal's width, so
   * that it never wraps onto a row the redraw would not clear).
   */
  final class LiveLineView implements ProgressView {
    private static final String CLEAR_LINE = "\r\033[K";
    private final PrintWriter out;
    private final int columns;
    private final ProgressLines lines = new ProgressLines();
    /** The progress line drawn last, not yet ended by a newline; null if none. */
    private String progress;

    LiveLineView(PrintWriter out, int columns) {
      this.out = out;
      this.columns = Math.max(20, columns);
    }

    @Override
    public void show(ReleaseStatus status) {
      for (String decision : lines.decisionsSince(status)) {
        out.print(CLEAR_LINE + decision + System.lineSeparator());
      }
      String line = ProgressLines.progressLine(status);
      progress = line.length() < columns ? line : line.substring(0, columns - 2) + "…";
      out.print(CLEAR_LINE + progress);
      out.flush();
    }

    @Override
    public void note(String line) {
      if (progress != null) {
        out.println(); // the progress line stays, as it was last drawn
        progress = null;
      }
      out.println(line);
      out.flush();
    }
  }
}
