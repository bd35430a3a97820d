package dev.runshift.simulator.pubsub;

import java.util.List;

/** One page of a listing; the page token is the decimal offset of the next item. */
record Page<T>(List<T> items, String nextToken) {
  static final int DEFAULT_SIZE = 100;

  static <T> Page<T> of(List<T> all, int pageSize, String pageToken) {
    int offset;
    try {
      offset = pageToken.isEmpty() ? 0 : Integer.parseInt(pageToken);
    } catch (NumberFormatException e) {
      throw Rpc.invalidArgument("page_token", "invalid page token \"" + pageToken + "\"");
    }
    if (offset < 0 || offset > all.size()) {
      throw Rpc.invalidArgument("page_token", "invalid page token \"" + pageToken + "\"");
    }
    if (pageSize < 0) {
      throw Rpc.invalidArgument("page_size", "must not be negative");
    }
    int size = pageSize == 0 ? DEFAULT_SIZE : pageSize;
    int end = Math.min(all.size(), offset + size);
    return new Page<>(all.subList(offset, end), end < all.size() ? Integer.toString(end) : "");
  }
}
