package dev.runshift.simulator.core;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Every API call received, in order; safe to read while calls arrive. */
public final class CallLog {
  private final List<ApiCall> calls = new ArrayList<>();

  public synchronized void record(ApiCall call) {
    calls.add(call);
  }

  public synchronized List<ApiCall> calls() {
    return List.copyOf(calls);
  }

  public synchronized long count(Predicate<ApiCall> which) {
    return calls.stream().filter(which).count();
  }

  public synchronized void clear() {
    calls.clear();
  }
}
