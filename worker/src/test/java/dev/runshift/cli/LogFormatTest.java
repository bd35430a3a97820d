package dev.runshift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LogFormatTest {
  @Test
  void textJsonOrUnsetAreAcceptedAnythingElseIsNamed() {
    assertEquals(Optional.empty(), LogFormat.problem(Map.of()));
    assertEquals(Optional.empty(), LogFormat.problem(Map.of("RUNSHIFT_LOG_FORMAT", "text")));
    assertEquals(Optional.empty(), LogFormat.problem(Map.of("RUNSHIFT_LOG_FORMAT", "json")));
    assertEquals(Optional.of("RUNSHIFT_LOG_FORMAT must be text or json, was 'JSON'"),
        LogFormat.problem(Map.of("RUNSHIFT_LOG_FORMAT", "JSON")));
  }
}
