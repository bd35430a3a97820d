package dev.runshift.simulator.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricFilterTest {

  @Test
  void parsesAndJoinedEqualityWhateverTheWhitespace() {
    MetricFilter f = MetricFilter.parse(
        "  metric.type=\"run.googleapis.com/request_count\"AND\n resource.label.revision_name =  \"a \\\"b\\\"\" "
            + "AND metric.labels.response_code_class= \"5xx\"  ");
    assertEquals(List.of(
        new MetricFilter.Clause("metric.type", "run.googleapis.com/request_count"),
        new MetricFilter.Clause("resource.labels.revision_name", "a \"b\""),
        new MetricFilter.Clause("metric.labels.response_code_class", "5xx")), f.clauses());
    Map<String, String> fields = Map.of("metric.type", "run.googleapis.com/request_count",
        "resource.labels.revision_name", "a \"b\"", "metric.labels.response_code_class", "5xx");
    assertTrue(f.matches(fields::get));
    assertFalse(f.matches(field -> field.equals("metric.type") ? "other" : fields.get(field)));
    assertEquals("5xx", f.required("metric.labels.response_code_class").orElseThrow());
  }

  @Test
  void rejectsWhatItDoesNotSupportNamingThePart() {
    Map<String, String> cases = Map.of(
        "metric.type = \"a\" OR metric.type = \"b\"", "'OR' at offset 18",
        "metric.type = \"a\" AND (resource.type = \"b\")", "'('",
        "metric.type = \"a\" AND resource.labels.x : \"b\"", "':'",
        "metric.type = \"a\" AND resource.labels.x > \"b\"", "'>'",
        "metric.type = \"a\" AND has_substring(resource.labels.x, \"b\")", "'has_substring('",
        "metric.type = \"a\" AND metric.type = \"b", "unterminated",
        "metric.type = \"a\" and resource.type = \"b\"", "'and'",
        "", "'filter'");
    cases.forEach((filter, part) -> {
      StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> MetricFilter.parse(filter), filter);
      assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
      assertTrue(e.getStatus().getDescription().contains(part), filter + " -> " + e.getStatus().getDescription());
    });
  }
}
