package dev.runshift.simulator.run;

import dev.runshift.simulator.core.ApiErrors;

/** Offset paging for List calls: the page token is the index of the next item. */
final class Paging {
  private Paging() {}

  record Page(int from, int to, String nextToken) {}

  static Page page(int total, int pageSize, String token) {
    int from = 0;
    if (!token.isEmpty()) {
      try {
        from = Integer.parseInt(token);
      } catch (NumberFormatException e) {
        from = -1;
      }
      if (from < 0 || from > total) {
        throw ApiErrors.invalidArgument("page_token", "'" + token + "' is not a page token from this list.");
      }
    }
    if (pageSize < 0) {
      throw ApiErrors.invalidArgument("page_size", "must not be negative.");
    }
    int to = pageSize == 0 ? total : Math.min(total, from + pageSize);
    return new Page(from, to, to < total ? Integer.toString(to) : "");
  }
}
