package dev.runshift.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runshift.policy.InvalidPolicyException;
import dev.runshift.policy.RolloutPolicy;
import dev.runshift.policy.VerdictPolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads rollout policies from JSON or YAML. Every field of {@link RolloutPolicy} is optional and
 * defaults to {@link RolloutPolicy#defaults()}; durations are written {@code 30s}, {@code 5m} or
 * {@code PT5M}. The result is {@linkplain RolloutPolicy#validated() validated}, so any policy this
 * returns can be used by a release; anything else is a {@link ConfigException} naming the field.
 *
 * <pre>{@code
 * steps: [10, 50, 100]
 * soak: 10m
 * maxErrorRate: 0.02
 * onFailure: pause
 * verdict: { alpha: 0.01, detectErrorRatio: 2 }   # any VerdictPolicy field; the rest keep their defaults
 * smoke: { path: /healthz, count: 3 }   # expectedStatus 200, timeout 10s, count 1 unless given
 * }</pre>
 */
public final class PolicyFiles {
  private PolicyFiles() {}

  private static final Set<String> FIELDS =
      Arrays.stream(RolloutPolicy.class.getRecordComponents())
          .map(c -> c.getName())
          .collect(Collectors.toCollection(java.util.LinkedHashSet::new));

  /** Reads and validates the policy in {@code file} ({@code .json}, else YAML). */
  public static RolloutPolicy load(Path file) {
    String source = file.toString();
    String content;
    try {
      content = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigException(source, null, "cannot read policy file: " + e, e);
    }
    return parse(source, content);
  }

  /** Parses a policy document; {@code source} names it in errors and picks the format by extension. */
  public static RolloutPolicy parse(String source, String content) {
    ObjectMapper mapper = ConfigMapper.forSource(source);
    return fromTree(mapper, source, "", ConfigMapper.readTree(mapper, source, content));
  }

  /**
   * A policy from an already parsed node (an inline policy in a routing config): fields over the
   * defaults, then validated. {@code pathPrefix} is where the node sits in its document, for errors.
   */
  static RolloutPolicy fromTree(ObjectMapper mapper, String source, String pathPrefix, JsonNode node) {
    if (node == null || node.isNull()) {
      return RolloutPolicy.defaults().validated();
    }
    if (!node.isObject()) {
      throw new ConfigException(source, emptyToNull(pathPrefix),
          "a policy must be a mapping of fields (" + String.join(", ", FIELDS) + "), got " + node.getNodeType());
    }
    ObjectNode merged = defaultsTree();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      if (!FIELDS.contains(field.getKey())) {
        throw new ConfigException(source, join(pathPrefix, field.getKey()),
            "unknown policy field (known: " + String.join(", ", FIELDS) + ")");
      }
      JsonNode value = field.getValue();
      if (field.getKey().equals("smoke") && value.isObject()) {
        if (!value.hasNonNull("path")) {
          throw new ConfigException(source, join(pathPrefix, "smoke.path"), "required: the path to GET, e.g. /healthz");
        }
        value = smokeDefaults().setAll((ObjectNode) value);
      }
      if (field.getKey().equals("verdict") && value.isObject()) {
        value = verdictFields(source, join(pathPrefix, "verdict"), (ObjectNode) value);
      }
      merged.set(field.getKey(), value);
    }
    RolloutPolicy policy = ConfigMapper.bind(mapper, source, emptyToNull(pathPrefix), merged, RolloutPolicy.class);
    try {
      return policy.validated();
    } catch (InvalidPolicyException e) {
      throw new ConfigException(source, join(pathPrefix, e.field()), e.getMessage(), e);
    }
  }

  /**
   * A smoke check needs only its {@code path}: it expects 200, allows 10s per request and sends one.
   */
  private static ObjectNode smokeDefaults() {
    ObjectNode smoke = JsonNodeFactory.instance.objectNode();
    smoke.put("expectedStatus", 200);
    smoke.put("timeout", "10s");
    smoke.put("count", 1);
    return smoke;
  }

  private static final Set<String> VERDICT_FIELDS =
      Arrays.stream(VerdictPolicy.class.getRecordComponents())
          .map(c -> c.getName())
          .collect(Collectors.toCollection(java.util.LinkedHashSet::new));

  /**
   * A {@code verdict:} mapping: only {@link VerdictPolicy}'s fields, each over its default, so that
   * {@code verdict: { alpha: 0.05 }} changes alpha alone.
   */
  private static ObjectNode verdictFields(String source, String path, ObjectNode given) {
    for (Iterator<String> names = given.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!VERDICT_FIELDS.contains(name)) {
        throw new ConfigException(source, path + "." + name,
            "unknown verdict field (known: " + String.join(", ", VERDICT_FIELDS) + ")");
      }
    }
    return verdictTree(VerdictPolicy.defaults()).setAll(given);
  }

  private static ObjectNode verdictTree(VerdictPolicy v) {
    return ConfigMapper.toTree(v);
  }

  /**
   * The defaults as a tree, so that a document's fields replace them one by one: derived from {@link
   * RolloutPolicy#defaults()} itself (durations as ISO-8601, enums by name), so a default lives only there.
   */
  private static ObjectNode defaultsTree() {
    return ConfigMapper.toTree(RolloutPolicy.defaults());
  }

  private static String join(String prefix, String field) {
    return prefix == null || prefix.isEmpty() ? field : prefix + "." + field;
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
