package dev.runshift.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** How many columns the user's terminal has: {@code COLUMNS}, else {@code stty size} on the tty, else 80. */
final class TerminalWidth {
  static final int DEFAULT = 80;

  private TerminalWidth() {}

  static int columns(Map<String, String> env) {
    Integer fromEnv = positive(env.get("COLUMNS"));
    if (fromEnv != null) {
      return fromEnv;
    }
    try {
      Process stty = new ProcessBuilder("stty", "size").redirectInput(new File("/dev/tty"))
          .redirectError(ProcessBuilder.Redirect.DISCARD).start();
      if (!stty.waitFor(1, TimeUnit.SECONDS)) {
        stty.destroy();
        return DEFAULT;
      }
      String[] rowsAndColumns = new String(stty.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim().split("\\s+");
      Integer columns = rowsAndColumns.length == 2 ? positive(rowsAndColumns[1]) : null;
      return columns == null ? DEFAULT : columns;
    } catch (IOException e) {
      return DEFAULT;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return DEFAULT;
    }
  }

  private static Integer positive(String text) {
    try {
      int value = Integer.parseInt(text == null ? "" : text.trim());
      return value > 0 ? value : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
