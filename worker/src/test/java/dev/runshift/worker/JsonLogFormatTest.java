package dev.runshift.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.spi.MDCAdapter;

/**
 * The worker's own logging configuration ({@code src/main/resources/logback.xml}) with {@code
 * RUNSHIFT_LOG_FORMAT=json}: one JSON object per line, with Cloud Logging's {@code severity} names, the
 * {@code message}, and the MDC's {@code service} and {@code release}; and the concise text line without it.
 */
class JsonLogFormatTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void jsonFormatWritesOneCloudLoggingObjectPerLine() throws Exception {
    List<String> lines = logWith("json");
    assertEquals(3, lines.size(), String.join("\n", lines));
    List<JsonNode> entries = new ArrayList<>();
    for (String line : lines) {
      entries.add(JSON.readTree(line));
    }
    JsonNode info = entries.get(0);
    assertEquals("INFO", info.get("severity").asText());
    assertEquals("release r-7: shifted to 25%", info.get("message").asText());
    assertEquals("p/r/checkout", info.get("service").asText());
    assertEquals("r-7", info.get("release").asText());
    assertTrue(info.hasNonNull("time"), info.toString());

    JsonNode warning = entries.get(1);
    assertEquals("WARNING", warning.get("severity").asText(), "Cloud Logging's name, not logback's WARN");
    assertEquals("r-7", warning.get("release").asText());

    JsonNode error = entries.get(2);
    assertEquals("ERROR", error.get("severity").asText());
    assertFalse(error.has("release"), "the MDC was cleared: " + error);
    assertTrue(error.get("stack_trace").asText().contains("IllegalStateException: boom"), error.toString());
  }

  @Test
  void textFormatStaysOneConciseLine() throws Exception {
    List<String> lines = logWith(null);
    assertTrue(lines.get(0).matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  JsonLogFormatTest - release r-7: shifted to 25%"),
        lines.get(0));
  }

  /** Configures a fresh logger context from the worker's logback.xml and returns what it wrote to stderr. */
  private static List<String> logWith(String format) throws Exception {
    URL config = JsonLogFormatTest.class.getClassLoader().getResource("logback.xml");
    LoggerContext context = new LoggerContext();
    context.setMDCAdapter(new LogbackMDCAdapter());
    if (format != null) {
      context.putProperty("RUNSHIFT_LOG_FORMAT", format);
    }
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream stderr = System.err;
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      JoranConfigurator configurator = new JoranConfigurator();
      configurator.setContext(context);
      configurator.doConfigure(config);
      Logger log = context.getLogger(JsonLogFormatTest.class);
      // A fresh context has its own MDC; in the worker it is SLF4J's MDC, which workflows fill.
      MDCAdapter mdc = context.getMDCAdapter();
      mdc.put("service", "p/r/checkout");
      mdc.put("release", "r-7");
      try {
        log.info("release {}: shifted to {}%", "r-7", 25);
        log.warn("release r-7: metrics read failed");
      } finally {
        mdc.remove("service");
        mdc.remove("release");
      }
      log.error("worker stopped", new IllegalStateException("boom"));
    } finally {
      context.stop();
      System.setErr(stderr);
    }
    return captured.toString(StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
  }
}
