package dev.runshift.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * A plain-text table whose columns are as wide as their widest cell, so that no value (a 90-character
 * image digest) pushes the columns after it out of line. The last column is not padded.
 */
final class Table {
  private final List<String[]> rows = new ArrayList<>();
  private final int columns;

  Table(String... header) {
    columns = header.length;
    rows.add(header);
  }

  /** Adds a row; null cells print empty. */
  Table row(Object... cells) {
    if (cells.length != columns) {
      throw new IllegalArgumentException("a row of " + cells.length + " cells in a table of " + columns);
    }
    String[] row = new String[columns];
    for (int i = 0; i < columns; i++) {
      row[i] = cells[i] == null ? "" : cells[i].toString();
    }
    rows.add(row);
    return this;
  }

  /** Whether only the header is there. */
  boolean isEmpty() {
    return rows.size() == 1;
  }

  void print(PrintWriter out) {
    int[] widths = new int[columns];
    for (String[] row : rows) {
      for (int i = 0; i < columns; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < columns; i++) {
        line.append(i == columns - 1 ? row[i] : String.format("%-" + widths[i] + "s  ", row[i]));
      }
      out.println(line.toString().stripTrailing());
    }
  }
}
