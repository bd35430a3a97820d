package dev.runshift.bench.decisions;

import dev.runshift.ports.ArmCounts;
import dev.runshift.ports.MetricPeriod;
import java.util.List;

/**
 * What a {@link DecisionRule} sees at one look.
 *
 * @param step the index of the current step
 * @param stepStartMillis when traffic moved to it
 * @param nowMillis the time of the look
 * @param dataEndMillis the end of the newest data Monitoring shows now ({@code now - delay}, aligned to
 *     the sample period): a tool's "last N minutes of metrics" end here
 * @param periods every period visible so far, oldest first, from the hour before the release on (a
 *     read-only view, not copied: a look is only valid during the {@link DecisionRule#decide} call)
 */
public record RuleLook(int step, long stepStartMillis, long nowMillis, long dataEndMillis, List<MetricPeriod> periods) {
  /** Time at this step so far. */
  public long atStepMillis() {
    return nowMillis - stepStartMillis;
  }

  /** The candidate's requests and 5xx in the periods lying inside {@code [from, to)}. */
  public ArmCounts candidate(long from, long to) {
    long requests = 0;
    long errors = 0;
    for (int i = periods.size() - 1; i >= 0; i--) {
      MetricPeriod p = periods.get(i);
      if (p.endEpochMillis() <= from) {
        break;
      }
      if (p.startEpochMillis() >= from && p.endEpochMillis() <= to) {
        requests += p.candidate().requests();
        errors += p.candidate().errors5xx();
      }
    }
    return new ArmCounts(requests, errors, null);
  }

  /** The candidate over the newest {@code windowMillis} of data: {@code [dataEnd - window, dataEnd)}. */
  public ArmCounts candidateOverLast(long windowMillis) {
    return candidate(dataEndMillis - windowMillis, dataEndMillis);
  }
}
