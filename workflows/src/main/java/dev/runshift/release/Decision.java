package dev.runshift.release;

/** Something the release decided or was told, when (workflow time), by whom, and why. */
public record Decision(long atEpochMillis, String what, String reason, String by) {}
