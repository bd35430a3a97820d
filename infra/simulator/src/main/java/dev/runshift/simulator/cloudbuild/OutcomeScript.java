package dev.runshift.simulator.cloudbuild;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Decides how each new build ends: first a one-off outcome queued with {@link #scriptNext}, else the most
 * recently added matching rule, else success. The decision is made when the build is created, so later
 * scripting does not change builds already running.
 */
final class OutcomeScript {
  record Decision(BuildOutcome outcome, int failingStep) {}

  private record Rule(BuildMatch match, BuildOutcome outcome) {}

  private final Deque<BuildOutcome> next = new ArrayDeque<>();
  private final List<Rule> rules = new ArrayList<>();

  synchronized void scriptNext(BuildOutcome outcome) {
    next.addLast(outcome);
  }

  synchronized void add(BuildMatch match, BuildOutcome outcome) {
    rules.add(new Rule(match, outcome));
  }

  synchronized void clear() {
    next.clear();
    rules.clear();
  }

  synchronized Decision decide(ResolvedBuild build) {
    int last = build.steps().size() - 1;
    BuildOutcome scripted = next.pollFirst();
    if (scripted != null) {
      return new Decision(scripted, last);
    }
    for (int i = rules.size() - 1; i >= 0; i--) {
      Rule rule = rules.get(i);
      int step = rule.match.matchedStep(build);
      if (step >= 0) {
        return new Decision(rule.outcome, step);
      }
    }
    return new Decision(BuildOutcome.success(), last);
  }
}
