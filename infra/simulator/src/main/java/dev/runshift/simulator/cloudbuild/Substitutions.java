package dev.runshift.simulator.cloudbuild;

import com.google.cloudbuild.v1.Build;
import com.google.cloudbuild.v1.BuildOptions;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cloud Build's variable substitution: {@code $KEY} and {@code ${KEY}} are replaced by built-in values
 * ({@code PROJECT_ID}, {@code BUILD_ID}, {@code LOCATION}, ...; source-related ones are empty here) or by
 * user substitutions ({@code _KEY}); {@code $$} is a literal dollar. An unknown key is an error unless the
 * build asks for {@code ALLOW_LOOSE}, in which case it becomes empty.
 */
final class Substitutions {
  private static final Pattern USER_KEY = Pattern.compile("_[A-Z0-9_]+");
  private static final Pattern REFERENCE = Pattern.compile("\\$(\\$|\\{([A-Z_][A-Z0-9_]*)}|([A-Z_][A-Z0-9_]*))");
  private static final Set<String> SOURCE_BUILT_INS = Set.of(
      "PROJECT_NUMBER", "REPO_NAME", "REPO_FULL_NAME", "BRANCH_NAME", "TAG_NAME", "REF_NAME", "REVISION_ID",
      "COMMIT_SHA", "SHORT_SHA", "TRIGGER_NAME", "TRIGGER_BUILD_CONFIG_PATH", "SERVICE_ACCOUNT_EMAIL",
      "SERVICE_ACCOUNT");

  private final Map<String, String> values;
  private final boolean loose;

  private Substitutions(Map<String, String> values, boolean loose) {
    this.values = values;
    this.loose = loose;
  }

  /** The substitutions of {@code build}; INVALID_ARGUMENT if a user key is not {@code _UPPER_CASE}. */
  static Substitutions of(Build build, String project, String buildId, String location) {
    Map<String, String> values = new HashMap<>();
    for (String key : SOURCE_BUILT_INS) {
      values.put(key, "");
    }
    for (Map.Entry<String, String> e : build.getSubstitutionsMap().entrySet()) {
      if (!USER_KEY.matcher(e.getKey()).matches()) {
        throw BuildErrors.invalidArgument("build.substitutions",
            "key \"" + e.getKey() + "\" must start with an underscore and use only A-Z, 0-9 and _");
      }
      values.put(e.getKey(), e.getValue());
    }
    values.put("PROJECT_ID", project);
    values.put("BUILD_ID", buildId);
    values.put("LOCATION", location);
    boolean loose = build.getOptions().getSubstitutionOption() == BuildOptions.SubstitutionOption.ALLOW_LOOSE;
    return new Substitutions(values, loose);
  }

  /** {@code template} with references replaced; INVALID_ARGUMENT naming {@code field} on an unknown key. */
  String apply(String template, String field) {
    Matcher m = REFERENCE.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String replacement;
      if ("$".equals(m.group(1))) {
        replacement = "$";
      } else {
        String key = m.group(2) != null ? m.group(2) : m.group(3);
        replacement = values.get(key);
        if (replacement == null) {
          if (!loose) {
            throw BuildErrors.invalidArgument(field, "key in the template \"" + key
                + "\" is not a valid built-in substitution and is not defined in build.substitutions");
          }
          replacement = "";
        }
      }
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }
}
