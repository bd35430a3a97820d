package dev.runshift.config;

import dev.runshift.ports.ImageRef;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runshift.activities.notify.SinkSpec;
import dev.runshift.policy.RolloutPolicy;
import dev.runshift.ports.ServiceNames;
import dev.runshift.ports.ServiceRef;
import dev.runshift.service.QueueMode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Loads a routing config (YAML, or JSON for {@code .json}). Everything is checked at load time, so a
 * running trigger never meets a bad policy or regex; errors name the file and the field path.
 *
 * <pre>{@code
 * policies:                                  # optional, reusable by name
 *   careful: policies/careful.yaml           # a policy file, relative to this file
 *   fast: { steps: [50, 100], soak: 1m }     # or inline
 * routes:
 *   - image: europe-west1-docker.pkg.dev/acme/apps/checkout   # repository: no tag, no digest
 *     tags: "v[0-9]+\\..*"                   # optional; regex matched against the whole tag
 *     services:
 *       - project: acme-prod
 *         region: europe-west1
 *         service: checkout
 *         policy: careful                    # a name from policies, or an inline mapping
 *         mode: abort_current                # optional: newest_wins (default) or abort_current
 *       - { project: acme-prod, region: us-central1, service: checkout, policyFile: policies/us.yaml }
 * fleets:                                    # optional, for fleet-wide releases
 *   - name: edge
 *     selector: { tier: edge }               # Cloud Run labels, all must match
 *     policy: careful
 *     image: europe-docker.pkg.dev/acme/apps/edge   # optional: a successful build of it redeploys the fleet
 *     projects: [acme-prod]                  # required with image
 *     regions: [europe-west1, us-central1]   # required with image
 *     waves: ["1", "10%", "100%"]            # optional
 *     maxInFlight: 10                        # optional
 *     maxFailures: 1                         # optional
 * notifiers:                                 # optional: where release events go, by name
 *   audit: { type: pubsub, topic: projects/acme-ops/topics/runshift-events }
 *   ci: { type: webhook, url: "https://ci.acme.dev/hooks/runshift", secretEnv: RUNSHIFT_WEBHOOK_SECRET, timeout: 5s }
 *   ops: { type: slack, urlEnv: SLACK_WEBHOOK_URL, events: [started, rolled-back, aborted] }
 * }</pre>
 *
 * <p>A route names its notifiers with {@code notify: [audit, ops]}: the events of releases to its services
 * go there. {@code urlEnv} and {@code secretEnv} name environment variables read when the config is loaded
 * (a missing one is an error), so secrets stay out of the file.
 */
public final class RoutingConfigs {
  private RoutingConfigs() {}

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,62}");

  // The document's shape, bound strictly (unknown fields are errors).
  record Doc(Map<String, JsonNode> policies, List<RouteDoc> routes, List<FleetDoc> fleets,
      Map<String, NotifierDoc> notifiers) {}

  record RouteDoc(
      String image, String tags, List<TargetDoc> services, @JsonProperty("notify") List<String> notifiers) {}

  record NotifierDoc(
      String type, String topic, String url, String urlEnv, String secretEnv, String timeout, List<String> events) {}

  record TargetDoc(
      String project, String region, String service, JsonNode policy, String policyFile, QueueMode mode) {}

  record FleetDoc(
      String name, Map<String, String> selector, String policy, String image, List<String> projects,
      List<String> regions, List<String> waves, Integer maxInFlight, Integer maxFailures) {}

  public static RoutingConfig load(Path file) {
    String content;
    try {
      content = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigException(file.toString(), null, "cannot read routing config: " + e, e);
    }
    Path base = file.toAbsolutePath().getParent();
    return parse(file.toString(), content, base);
  }

  /**
   * Parses a routing config. {@code source} names it in errors and picks the format by extension;
   * policy files are resolved against {@code baseDir}.
   */
  public static RoutingConfig parse(String source, String content, Path baseDir) {
    return parse(source, content, baseDir, System.getenv());
  }

  /** As {@link #parse(String, String, Path)}, reading {@code urlEnv} and {@code secretEnv} from {@code env}. */
  public static RoutingConfig parse(String source, String content, Path baseDir, Map<String, String> env) {
    ObjectMapper mapper = ConfigMapper.forSource(source);
    JsonNode tree = ConfigMapper.readTree(mapper, source, content);
    if (!tree.isObject()) {
      throw new ConfigException(source, null, "a routing config must be a mapping with routes, policies, fleets");
    }
    Doc doc = ConfigMapper.bind(mapper, source, null, tree, Doc.class);
    Loader loader = new Loader(mapper, source, baseDir, env);
    Map<String, RolloutPolicy> policies = loader.policies(doc.policies());
    Map<String, SinkSpec> notifiers = loader.notifiers(doc.notifiers());
    List<ImageRoute> routes = loader.routes(doc.routes(), policies, notifiers);
    List<FleetSpec> fleets = loader.fleets(doc.fleets(), policies);
    return new RoutingConfig(policies, routes, fleets, notifiers);
  }

  private record Loader(ObjectMapper mapper, String source, Path baseDir, Map<String, String> env) {

    Map<String, SinkSpec> notifiers(Map<String, NotifierDoc> docs) {
      Map<String, SinkSpec> notifiers = new LinkedHashMap<>();
      if (docs == null) {
        return notifiers;
      }
      docs.forEach((name, doc) -> notifiers.put(name, notifier("notifiers." + name, name, doc)));
      return notifiers;
    }

    private SinkSpec notifier(String path, String name, NotifierDoc doc) {
      if (doc == null) {
        throw new ConfigException(source, path, "empty: give a type (pubsub, webhook or slack) and its target");
      }
      SinkSpec.Kind kind;
      try {
        kind = SinkSpec.Kind.valueOf(required(path + ".type", doc.type()).toUpperCase(java.util.Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new ConfigException(source, path + ".type", "\"" + doc.type() + "\" is not pubsub, webhook or slack");
      }
      String target;
      if (kind == SinkSpec.Kind.PUBSUB) {
        target = required(path + ".topic", doc.topic());
        if (!target.matches("projects/[^/]+/topics/[^/]+")) {
          throw new ConfigException(source, path + ".topic", "\"" + target + "\" is not projects/PROJECT/topics/TOPIC");
        }
        if (doc.url() != null || doc.urlEnv() != null || doc.secretEnv() != null) {
          throw new ConfigException(source, path, "a pubsub notifier takes a topic, not url, urlEnv or secretEnv");
        }
      } else {
        if (doc.topic() != null) {
          throw new ConfigException(source, path + ".topic", "a " + doc.type() + " notifier takes url or urlEnv, not topic");
        }
        if ((doc.url() == null) == (doc.urlEnv() == null)) {
          throw new ConfigException(source, path, "give either url or urlEnv (the environment variable holding the URL)");
        }
        target = doc.url() != null ? doc.url() : fromEnv(path + ".urlEnv", doc.urlEnv());
        if (!target.startsWith("https://") && !target.startsWith("http://localhost") && !target.startsWith("http://127.0.0.1")) {
          throw new ConfigException(source, path + (doc.url() != null ? ".url" : ".urlEnv"),
              "needs an https:// URL (http:// only to localhost)");
        }
      }
      if (doc.secretEnv() != null && kind != SinkSpec.Kind.WEBHOOK) {
        throw new ConfigException(source, path + ".secretEnv", "only a webhook signs its requests");
      }
      String secret = doc.secretEnv() == null ? null : fromEnv(path + ".secretEnv", doc.secretEnv());
      java.time.Duration timeout = null;
      if (doc.timeout() != null) {
        try {
          timeout = Durations.parse(doc.timeout());
        } catch (IllegalArgumentException e) {
          throw new ConfigException(source, path + ".timeout", e.getMessage());
        }
      }
      List<String> known = dev.runshift.events.ReleaseEvent.typeNames();
      if (doc.events() != null) {
        for (String type : doc.events()) {
          if (!known.contains(type)) {
            throw new ConfigException(source, path + ".events", "\"" + type + "\" is not an event type " + known);
          }
        }
      }
      return new SinkSpec(name, kind, target, secret, timeout, doc.events() == null ? null : Set.copyOf(doc.events()));
    }

    private String fromEnv(String path, String variable) {
      String value = env.get(variable);
      if (value == null || value.isBlank()) {
        throw new ConfigException(source, path, "environment variable " + variable + " is not set");
      }
      return value;
    }

    Map<String, RolloutPolicy> policies(Map<String, JsonNode> docs) {
      Map<String, RolloutPolicy> policies = new LinkedHashMap<>();
      if (docs == null) {
        return policies;
      }
      docs.forEach(
          (name, node) -> {
            String path = "policies." + name;
            if (node == null || node.isNull()) {
              throw new ConfigException(source, path, "empty: give a policy file path or a mapping of fields");
            }
            policies.put(name, node.isTextual() ? file(path, node.asText()) : inline(path, node));
          });
      return policies;
    }

    List<ImageRoute> routes(List<RouteDoc> docs, Map<String, RolloutPolicy> policies, Map<String, SinkSpec> notifiers) {
      List<ImageRoute> routes = new ArrayList<>();
      if (docs == null) {
        return routes;
      }
      for (int i = 0; i < docs.size(); i++) {
        String path = "routes[" + i + "]";
        RouteDoc doc = docs.get(i);
        if (doc == null) {
          throw new ConfigException(source, path, "empty route");
        }
        String repository = repository(path + ".image", doc.image());
        Pattern tags = tagPattern(path + ".tags", doc.tags());
        if (doc.services() == null || doc.services().isEmpty()) {
          throw new ConfigException(source, path + ".services", "a route needs at least one service");
        }
        List<ServiceTarget> targets = new ArrayList<>();
        Set<ServiceRef> seen = new HashSet<>();
        for (int j = 0; j < doc.services().size(); j++) {
          String targetPath = path + ".services[" + j + "]";
          ServiceTarget target = target(targetPath, doc.services().get(j), policies);
          if (!seen.add(target.service())) {
            throw new ConfigException(source, targetPath, "service " + target.service() + " is listed twice");
          }
          targets.add(target);
        }
        List<String> notify = doc.notifiers() == null ? List.of() : doc.notifiers();
        for (String name : notify) {
          if (!notifiers.containsKey(name)) {
            throw new ConfigException(source, path + ".notify",
                "no notifier named \"" + name + "\" (defined: " + new TreeSet<>(notifiers.keySet()) + ")");
          }
        }
        routes.add(new ImageRoute(repository, tags, targets, notify));
      }
      return routes;
    }

    List<FleetSpec> fleets(List<FleetDoc> docs, Map<String, RolloutPolicy> policies) {
      List<FleetSpec> fleets = new ArrayList<>();
      if (docs == null) {
        return fleets;
      }
      Set<String> names = new HashSet<>();
      for (int i = 0; i < docs.size(); i++) {
        String path = "fleets[" + i + "]";
        FleetDoc doc = docs.get(i);
        if (doc == null) {
          throw new ConfigException(source, path, "empty fleet");
        }
        String name = required(path + ".name", doc.name());
        if (!names.add(name)) {
          throw new ConfigException(source, path + ".name", "fleet \"" + name + "\" is defined twice");
        }
        if (doc.selector() == null || doc.selector().isEmpty()) {
          throw new ConfigException(source, path + ".selector", "a fleet needs at least one label to select by");
        }
        doc.selector().forEach((k, v) -> {
          if (k == null || k.isBlank() || v == null) {
            throw new ConfigException(source, path + ".selector", "labels need a key and a value: " + k + "=" + v);
          }
        });
        if (doc.policy() != null && !policies.containsKey(doc.policy())) {
          throw unknownPolicy(path + ".policy", doc.policy(), policies);
        }
        if (doc.image() != null) {
          if (doc.projects() == null || doc.projects().isEmpty() || doc.regions() == null || doc.regions().isEmpty()) {
            throw new ConfigException(source, path, "a fleet that follows an image needs projects and regions");
          }
          try {
            dev.runshift.fleet.Waves.validate(doc.waves());
          } catch (IllegalArgumentException e) {
            throw new ConfigException(source, path + ".waves", e.getMessage());
          }
        }
        fleets.add(new FleetSpec(name, doc.selector(), doc.policy(), doc.image(), doc.projects(), doc.regions(),
            doc.waves(), doc.maxInFlight() == null ? 0 : doc.maxInFlight(),
            doc.maxFailures() == null ? 0 : doc.maxFailures()));
      }
      return fleets;
    }

    private ServiceTarget target(String path, TargetDoc doc, Map<String, RolloutPolicy> policies) {
      if (doc == null) {
        throw new ConfigException(source, path, "empty service");
      }
      ServiceRef service =
          new ServiceRef(
              name(path + ".project", doc.project()),
              name(path + ".region", doc.region()),
              serviceName(path + ".service", doc.service()));
      boolean hasPolicy = doc.policy() != null && !doc.policy().isNull();
      if (hasPolicy && doc.policyFile() != null) {
        throw new ConfigException(source, path, "give either policy or policyFile, not both");
      }
      if (doc.policyFile() != null) {
        return new ServiceTarget(service, file(path + ".policyFile", doc.policyFile()), doc.policyFile(), doc.mode());
      }
      if (!hasPolicy) {
        return new ServiceTarget(service, null, "defaults", doc.mode());
      }
      if (doc.policy().isTextual()) {
        String name = doc.policy().asText();
        RolloutPolicy named = policies.get(name);
        if (named == null) {
          throw unknownPolicy(path + ".policy", name, policies);
        }
        return new ServiceTarget(service, named, "policies." + name, doc.mode());
      }
      return new ServiceTarget(service, inline(path + ".policy", doc.policy()), "inline", doc.mode());
    }

    private RolloutPolicy inline(String path, JsonNode node) {
      return PolicyFiles.fromTree(mapper, source, path, node);
    }

    private RolloutPolicy file(String path, String file) {
      if (file == null || file.isBlank()) {
        throw new ConfigException(source, path, "empty policy file path");
      }
      Path resolved = baseDir == null ? Path.of(file) : baseDir.resolve(file);
      if (!Files.isRegularFile(resolved)) {
        throw new ConfigException(source, path, "policy file " + resolved + " does not exist");
      }
      return PolicyFiles.load(resolved);
    }

    private String repository(String path, String image) {
      String value = required(path, image);
      ImageRef ref;
      try {
        ref = ImageRef.parse(value);
      } catch (IllegalArgumentException e) {
        throw new ConfigException(source, path, e.getMessage(), e);
      }
      if (ref.tag() != null || ref.digest() != null) {
        throw new ConfigException(source, path,
            "\"" + value + "\": give the repository only (no :tag or @digest); match tags with \"tags\"");
      }
      return ref.repository();
    }

    private Pattern tagPattern(String path, String regex) {
      if (regex == null) {
        return null;
      }
      try {
        return Pattern.compile(regex);
      } catch (PatternSyntaxException e) {
        throw new ConfigException(source, path, "not a valid regular expression: " + e.getDescription(), e);
      }
    }

    private String name(String path, String value) {
      String v = required(path, value);
      if (!NAME.matcher(v).matches()) {
        throw new ConfigException(source, path,
            "\"" + v + "\" is not a valid name (lowercase letters, digits and hyphens, starting with a letter)");
      }
      return v;
    }

    private String serviceName(String path, String value) {
      String problem = ServiceNames.problem(required(path, value));
      if (problem != null) {
        throw new ConfigException(source, path, problem);
      }
      return value;
    }

    private String required(String path, String value) {
      if (value == null || value.isBlank()) {
        throw new ConfigException(source, path, "required");
      }
      return value;
    }

    private ConfigException unknownPolicy(String path, String name, Map<String, RolloutPolicy> policies) {
      return new ConfigException(source, path,
          "no policy named \"" + name + "\" (defined: " + new TreeSet<>(policies.keySet()) + ")");
    }
  }
}
