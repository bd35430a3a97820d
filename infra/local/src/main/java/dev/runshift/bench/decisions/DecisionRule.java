package dev.runshift.bench.decisions;

import java.time.Duration;
import java.util.List;

/**
 * Another progressive-delivery tool's canary decision, emulated as a pure function: from a state (what
 * the tool remembers between looks, e.g. a failed-check counter) and a {@link RuleLook}, a {@link Move}
 * and the next state. One implementation per tool; {@link AnchorPolicy} drives it like a Runshift policy,
 * on the same simulated metrics, so the tools are compared on equal terms.
 *
 * <p>Every tool queries "the last N minutes" of metrics. Cloud Monitoring shows Cloud Run's 60 s
 * periods only after a delay, so a literal {@code [now - N, now)} read holds no data at all when N is
 * shorter than the delay (Flagger's and Argo's usual 1 minute against a 2-minute delay). The emulations
 * read the newest N minutes Monitoring does show ({@link RuleLook#candidateOverLast}), which is what
 * such a query would return once the tool's window were widened to cover the delay: generous to them.
 *
 * @param <S> the tool's state between looks (immutable)
 */
public interface DecisionRule<S> {
  String name();

  String description();

  /** Candidate traffic percents; advancing past the last one promotes. */
  List<Integer> steps();

  /** Time between looks (the tool's analysis interval). */
  Duration interval();

  /** The state at the start of a release. */
  S initial();

  /** The decision at one look. */
  Decision<S> decide(S state, RuleLook look);

  /** A move, the state to remember, and why. */
  record Decision<S>(Move move, S state, String reason) {}
}
