package dev.runshift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.runshift.release.Decision;
import org.junit.jupiter.api.Test;

class StatusViewTest {

  @Test
  void aDecisionIsOneLineWhateverItsReasonHolds() {
    Decision d = new Decision(0, "pause: traffic held", "\u001b[2J\nPROMOTED by security team", "cli:eve\r");
    assertEquals("pause: traffic held: \\u001b[2J\\nPROMOTED by security team (by cli:eve\\r)", StatusView.decision(d));
  }
}
