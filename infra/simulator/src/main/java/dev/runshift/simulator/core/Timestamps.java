package dev.runshift.simulator.core;

import com.google.protobuf.Timestamp;
import java.time.Instant;

/** Conversions between {@link Instant} and protobuf {@link Timestamp}. */
public final class Timestamps {
  private Timestamps() {}

  public static Timestamp of(Instant t) {
    return Timestamp.newBuilder().setSeconds(t.getEpochSecond()).setNanos(t.getNano()).build();
  }

  public static Instant toInstant(Timestamp t) {
    return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
  }
}
