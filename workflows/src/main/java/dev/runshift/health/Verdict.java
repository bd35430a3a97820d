package dev.runshift.health;

import dev.runshift.ports.WindowMetrics;
import java.util.List;

/** The analysis of one window: the health, a one-line reason, every comparison made, and the inputs. */
public record Verdict(Health health, String reason, List<Comparison> comparisons, WindowMetrics metrics) {}
