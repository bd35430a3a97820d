package dev.runshift.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LabelOptInTest {
  final LabelOptIn optIn = LabelOptIn.defaults();

  @Test
  void gradualOptsInWithTheDefaultPolicy() {
    assertEquals(new LabelOptIn.Choice.Managed(null), optIn.choose(Map.of("rollout-strategy", "gradual")));
  }

  @Test
  void aPolicyLabelNamesThePolicy() {
    assertEquals(new LabelOptIn.Choice.Managed("careful"),
        optIn.choose(Map.of("rollout-strategy", "gradual", "runshift-policy", "careful")));
  }

  @Test
  void anythingElseIsNotManaged() {
    assertInstanceOf(LabelOptIn.Choice.NotManaged.class, optIn.choose(null));
    assertInstanceOf(LabelOptIn.Choice.NotManaged.class, optIn.choose(Map.of()));
    assertInstanceOf(LabelOptIn.Choice.NotManaged.class, optIn.choose(Map.of("rollout-strategy", "manual")));
    assertInstanceOf(LabelOptIn.Choice.NotManaged.class, optIn.choose(Map.of("rollout-strategy", "Gradual")));
    // A policy label alone does not opt in.
    assertInstanceOf(LabelOptIn.Choice.NotManaged.class, optIn.choose(Map.of("runshift-policy", "careful")));
  }

  @Test
  void keyAndValueAreConfigurable() {
    LabelOptIn custom = new LabelOptIn("deploy", "canary", "deploy-policy");
    assertEquals(new LabelOptIn.Choice.Managed("fast"),
        custom.choose(Map.of("deploy", "canary", "deploy-policy", "fast")));
    assertInstanceOf(LabelOptIn.Choice.NotManaged.class, custom.choose(Map.of("rollout-strategy", "gradual")));
  }
}
