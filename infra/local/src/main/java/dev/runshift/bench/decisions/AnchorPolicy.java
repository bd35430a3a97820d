package dev.runshift.bench.decisions;

import dev.runshift.ports.MetricPeriod;
import dev.runshift.ports.PeriodSeries;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Drives another tool's {@link DecisionRule} as a {@link PolicyUnderTest}: keeps its state and the periods. */
public final class AnchorPolicy<S> implements PolicyUnderTest {
  private final DecisionRule<S> rule;

  public AnchorPolicy(DecisionRule<S> rule) {
    this.rule = rule;
  }

  public DecisionRule<S> rule() {
    return rule;
  }

  @Override
  public String name() {
    return rule.name();
  }

  @Override
  public String description() {
    return rule.description();
  }

  @Override
  public List<Integer> steps() {
    return rule.steps();
  }

  @Override
  public Duration interval() {
    return rule.interval();
  }

  @Override
  public boolean checksLatency() {
    return false;
  }

  @Override
  public Release start(PeriodSeries baseline, long t0) {
    return new AnchorRelease(baseline, t0 - baselineWindow().toMillis());
  }

  private final class AnchorRelease implements Release {
    private final List<MetricPeriod> periods = new ArrayList<>();
    private final List<MetricPeriod> view = Collections.unmodifiableList(periods);
    private long queryFrom;
    private S state = rule.initial();

    AnchorRelease(PeriodSeries baseline, long from) {
      periods.addAll(baseline.periods());
      queryFrom = baseline.endOr(from);
    }

    @Override
    public void startStep(int index, long now) {}

    @Override
    public long queryFrom() {
      return queryFrom;
    }

    @Override
    public Move look(int index, long stepStart, long now, long visibleUntil, PeriodSeries fresh) {
      periods.addAll(fresh.periods());
      queryFrom = fresh.endOr(queryFrom);
      DecisionRule.Decision<S> d = rule.decide(state, new RuleLook(index, stepStart, now, visibleUntil, view));
      state = d.state();
      return d.move();
    }
  }
}
