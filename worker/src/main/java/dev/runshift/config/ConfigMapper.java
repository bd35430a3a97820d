package dev.runshift.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * Reads config documents (YAML or JSON) strictly: unknown fields, missing numbers and wrong types are
 * errors, durations are {@link Durations}, enums are case-insensitive. Converts Jackson's errors into a
 * {@link ConfigException} naming the source and the field path.
 */
final class ConfigMapper {
  private ConfigMapper() {}

  private static final ObjectMapper JSON = configure(JsonMapper.builder()).build();
  private static final ObjectMapper YAML = configure(YAMLMapper.builder(new YAMLFactory())).build();

  private static <M extends ObjectMapper, B extends com.fasterxml.jackson.databind.cfg.MapperBuilder<M, B>>
      B configure(B builder) {
    SimpleModule durations = new SimpleModule("runshift-durations");
    durations.addDeserializer(Duration.class, new DurationDeserializer());
    return builder
        .addModule(durations)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
        .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS);
  }

  private static final ObjectMapper TREES = JsonMapper.builder()
      .addModule(new SimpleModule("runshift-duration-text").addSerializer(Duration.class, new ToStringSerializer()))
      .build();

  /**
   * {@code value} as the tree a document would spell it in: durations in ISO-8601 ({@code PT30S}), which
   * {@link Durations} reads back; enums by name; nulls kept.
   */
  static ObjectNode toTree(Object value) {
    return TREES.valueToTree(value);
  }

  /** The mapper for {@code source}: JSON for {@code .json}, YAML otherwise (YAML also reads JSON). */
  static ObjectMapper forSource(String source) {
    return source.toLowerCase(Locale.ROOT).endsWith(".json") ? JSON : YAML;
  }

  static ObjectMapper forPath(Path path) {
    return forSource(path.getFileName().toString());
  }

  /** Parses a document into a tree; syntax errors name the line. */
  static JsonNode readTree(ObjectMapper mapper, String source, String content) {
    try {
      JsonNode node = mapper.readTree(content);
      return node == null || node.isMissingNode() ? mapper.createObjectNode() : node;
    } catch (JsonProcessingException e) {
      throw new ConfigException(source, null, "not valid " + formatName(mapper) + ": " + e.getOriginalMessage()
          + location(e), e);
    }
  }

  /** Binds a tree to {@code type}, naming the field path of any error. */
  static <T> T bind(ObjectMapper mapper, String source, String pathPrefix, JsonNode node, Class<T> type) {
    try {
      return mapper.treeToValue(node, type);
    } catch (JsonMappingException e) {
      throw new ConfigException(source, fieldPath(pathPrefix, e), problem(e), e);
    } catch (JsonProcessingException e) {
      throw new ConfigException(source, pathPrefix, e.getOriginalMessage(), e);
    }
  }

  static String fieldPath(String prefix, JsonMappingException e) {
    StringBuilder b = new StringBuilder(prefix == null ? "" : prefix);
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        if (b.length() > 0) {
          b.append('.');
        }
        b.append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        b.append('[').append(ref.getIndex()).append(']');
      }
    }
    return b.toString();
  }

  private static String problem(JsonMappingException e) {
    if (e instanceof com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException u) {
      return "unknown field \"" + u.getPropertyName() + "\" (known: " + u.getKnownPropertyIds() + ")";
    }
    if (e.getCause() instanceof IllegalArgumentException iae && iae.getMessage() != null) {
      return iae.getMessage();
    }
    String message = e.getOriginalMessage();
    // Jackson's messages end with a long "(through reference chain…)"/"at [Source…]" tail; the path
    // is already in the field name.
    int cut = message.indexOf("\n");
    return cut > 0 ? message.substring(0, cut) : message;
  }

  private static String location(JsonProcessingException e) {
    return e.getLocation() == null
        ? ""
        : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
  }

  private static String formatName(ObjectMapper mapper) {
    return mapper == JSON ? "JSON" : "YAML";
  }

  /** A duration from a string ({@link Durations}); numbers are rejected because their unit is unclear. */
  private static final class DurationDeserializer extends JsonDeserializer<Duration> {
    @Override
    public Duration deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      if (p.currentToken() != JsonToken.VALUE_STRING) {
        throw JsonMappingException.from(
            p, "expected a duration string such as \"30s\", \"5m\" or \"PT5M\", got " + p.getText(),
            new IllegalArgumentException(
                "\"" + p.getText() + "\" is not a duration (write it with a unit: 30s, 5m, 1h or PT5M)"));
      }
      try {
        return Durations.parse(p.getText());
      } catch (IllegalArgumentException e) {
        throw JsonMappingException.from(p, e.getMessage(), e);
      }
    }
  }
}
