package dev.runshift.release;

import dev.runshift.health.Verdict;

/** One look at a step: the verdict on the evidence, and what the release does next. */
public record Look(Verdict verdict, StepAction action) {}
