package dev.runshift.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import dev.runshift.trigger.BuildMessageReceiver;
import dev.runshift.worker.RunshiftWorker;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** {@code dev} and {@code demo} without --verbose: quiet, except the trigger's warnings. */
class LoggingTest {
  private static final String[] NAMES = {"dev.runshift", "io.temporal", "dev.runshift.trigger"};
  private final Map<String, Level> before = new HashMap<>();

  @BeforeEach
  void remember() {
    for (String name : NAMES) {
      before.put(name, logger(name).getLevel());
    }
  }

  @AfterEach
  void restore() {
    for (String name : NAMES) {
      logger(name).setLevel(before.get(name));
    }
  }

  @Test
  void theTriggersWarningsAreKeptWhenEverythingElseIsQuiet() {
    Logging.quietUnless(false);
    org.slf4j.Logger trigger = LoggerFactory.getLogger(BuildMessageReceiver.class);
    org.slf4j.Logger worker = LoggerFactory.getLogger(RunshiftWorker.class);
    assertTrue(trigger.isWarnEnabled(), "a dropped or unconfirmed notification is reported");
    assertFalse(trigger.isInfoEnabled());
    assertFalse(worker.isWarnEnabled());
    assertTrue(worker.isErrorEnabled());
  }

  private static Logger logger(String name) {
    return (Logger) LoggerFactory.getLogger(name);
  }
}
