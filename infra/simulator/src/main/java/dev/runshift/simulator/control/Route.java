package dev.runshift.simulator.control;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** One control operation: reads a JSON body (empty object for none) and query parameters, returns JSON. */
@FunctionalInterface
interface Route {
  Object handle(JsonNode body, Map<String, String> query) throws Exception;
}
