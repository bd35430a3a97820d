package dev.runshift.simulator.cloudbuild;

import com.google.cloudbuild.v1.Build;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code ListBuilds} filters the simulator understands: terms {@code tags="T"}, {@code status="S"},
 * {@code trigger_id="I"} and {@code build_id="I"} (quotes optional for plain values) joined by {@code AND};
 * a build matches when every term does ({@code tags} matches when the build has that tag). Anything else
 * is refused with INVALID_ARGUMENT rather than silently ignored.
 */
record BuildFilter(List<Term> terms) {
  record Term(String field, String value) {}

  private static final Pattern TERM =
      Pattern.compile("\\s*([a-z_]+)\\s*=\\s*(?:\"([^\"\\\\]*)\"|([A-Za-z0-9_.:/@\\-]+))\\s*");
  private static final Pattern AND = Pattern.compile("AND\\s+");
  private static final List<String> FIELDS = List.of("tags", "status", "trigger_id", "build_id");

  static BuildFilter parse(String filter) {
    List<Term> terms = new ArrayList<>();
    if (filter.isBlank()) {
      return new BuildFilter(terms);
    }
    Matcher term = TERM.matcher(filter);
    Matcher and = AND.matcher(filter);
    int at = 0;
    while (true) {
      term.region(at, filter.length());
      if (!term.lookingAt()) {
        throw unsupported(filter);
      }
      String field = term.group(1);
      String value = term.group(2) != null ? term.group(2) : term.group(3);
      if (!FIELDS.contains(field)) {
        throw BuildErrors.invalidArgument("filter",
            "field \"" + field + "\" is not supported by the simulator (supported: " + FIELDS + ") in \""
                + filter + "\"");
      }
      if (field.equals("status")) {
        try {
          Build.Status.valueOf(value);
        } catch (IllegalArgumentException e) {
          throw BuildErrors.invalidArgument("filter", "unknown build status \"" + value + "\"");
        }
      }
      terms.add(new Term(field, value));
      at = term.end();
      if (at == filter.length()) {
        return new BuildFilter(terms);
      }
      and.region(at, filter.length());
      if (!and.lookingAt()) {
        throw unsupported(filter);
      }
      at = and.end();
    }
  }

  boolean matches(Build build) {
    for (Term t : terms) {
      boolean ok = switch (t.field) {
        case "tags" -> build.getTagsList().contains(t.value);
        case "status" -> build.getStatus().name().equals(t.value);
        case "trigger_id" -> build.getBuildTriggerId().equals(t.value);
        case "build_id" -> build.getId().equals(t.value);
        default -> false;
      };
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static RuntimeException unsupported(String filter) {
    return BuildErrors.invalidArgument("filter", "\"" + filter
        + "\" is not supported by the simulator; use terms like tags=\"x\" or status=\"SUCCESS\" joined by AND");
  }
}
