package dev.runshift.health;

import dev.runshift.ports.WindowMetrics;
import java.util.List;

/**
 * The analysis at one look: the health, the decision in words, every comparison made, the inputs of a
 * threshold analysis ({@code metrics}, null for a sequential one) and, for a sequential analysis, the
 * evidence behind it ({@code evidence}, null for a threshold one).
 */
public record Verdict(
    Health health, String reason, List<Comparison> comparisons, WindowMetrics metrics, VerdictEvidence evidence) {

  public Verdict(Health health, String reason, List<Comparison> comparisons, WindowMetrics metrics) {
    this(health, reason, comparisons, metrics, null);
  }
}
