package dev.runshift.health;

import java.util.List;

/**
 * What a sequential verdict compared and how sure it is: the counts and anytime-valid rate intervals of
 * each arm over the whole release, the estimated 5xx ratio with its interval, every test with its e-value
 * and the value at which it acts, and, while undecided, what more a decision needs.
 *
 * @param candidate the candidate over every counted period of the release
 * @param stable the stable revisions over the same periods (null when they served nothing)
 * @param baseline the stable revisions before the release (null when there is no baseline)
 * @param errorRatio the candidate's 5xx rate over stable's, most likely value (null before any 5xx)
 * @param errorRatioLow the lower end of its interval at 1 - alpha, valid at every look (null likewise)
 * @param errorRatioHigh the upper end likewise
 * @param stepRequests the candidate's requests in this step's periods so far
 * @param periods sample periods counted over the release
 * @param checks every test made at this look
 * @param needs while the step cannot advance yet: what it waits for, in words (else null)
 */
public record VerdictEvidence(
    ArmSummary candidate,
    ArmSummary stable,
    ArmSummary baseline,
    Double errorRatio,
    Double errorRatioLow,
    Double errorRatioHigh,
    long stepRequests,
    int periods,
    List<Check> checks,
    String needs) {

  /**
   * One arm's requests and 5xx, the 5xx rate and its anytime-valid interval at 1 - alpha.
   */
  public record ArmSummary(long requests, long errors5xx, double rate, double rateLow, double rateHigh) {}

  /** What a test is for: rolling back on harm, or allowing the candidate all traffic. */
  public enum Role {
    ROLLBACK,
    ADVANCE
  }

  /**
   * One sequential test.
   *
   * @param name short name, e.g. {@code errors.ratio}
   * @param hypothesis the null hypothesis the test can reject, in words
   * @param role what rejecting it does
   * @param eValue the evidence against the hypothesis (1: none; capped at about 1e300)
   * @param threshold the e-value at which it is rejected (1 / its share of alpha or beta)
   * @param rejected whether it has been
   */
  public record Check(String name, String hypothesis, Role role, double eValue, double threshold, boolean rejected) {}
}
