package dev.runshift.simulator.cloudbuild;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Which builds a scripted outcome applies to. Patterns are regular expressions matched against the whole
 * string, after substitutions ({@code $PROJECT_ID}, {@code $_FOO}, ...) are applied.
 */
public final class BuildMatch {
  private enum Kind { PUSHED_IMAGE, STEP_IMAGE, TAG, ANY }

  private final Kind kind;
  private final Pattern pattern;

  private BuildMatch(Kind kind, String regex) {
    this.kind = kind;
    this.pattern = regex == null ? null : Pattern.compile(regex);
  }

  /** Builds that push an image matching {@code regex} (listed in {@code images} or a docker push step). */
  public static BuildMatch pushedImage(String regex) {
    return new BuildMatch(Kind.PUSHED_IMAGE, Objects.requireNonNull(regex));
  }

  /**
   * Builds with a step that runs in, or names as an argument (e.g. {@code docker run IMAGE}), an image
   * matching {@code regex} — how an artifact test build runs its tests inside {@code image@sha256:...}.
   * On failure, that step is the one that fails.
   */
  public static BuildMatch stepImage(String regex) {
    return new BuildMatch(Kind.STEP_IMAGE, Objects.requireNonNull(regex));
  }

  /** Builds with a tag matching {@code regex}. */
  public static BuildMatch tag(String regex) {
    return new BuildMatch(Kind.TAG, Objects.requireNonNull(regex));
  }

  /** Every build. */
  public static BuildMatch anyBuild() {
    return new BuildMatch(Kind.ANY, null);
  }

  /**
   * The index of the step a failure of {@code build} is attributed to if this matches it (the matching
   * step for {@link #stepImage}, else the last step); -1 if it does not match.
   */
  int matchedStep(ResolvedBuild build) {
    int last = build.steps().size() - 1;
    return switch (kind) {
      case ANY -> last;
      case PUSHED_IMAGE -> anyMatches(build.pushedImages()) ? last : -1;
      case TAG -> anyMatches(build.tags()) ? last : -1;
      case STEP_IMAGE -> {
        for (int i = 0; i < build.steps().size(); i++) {
          ResolvedBuild.Step step = build.steps().get(i);
          if (pattern.matcher(step.name()).matches() || anyMatches(step.args())) {
            yield i;
          }
        }
        yield -1;
      }
    };
  }

  private boolean anyMatches(List<String> values) {
    return values.stream().anyMatch(v -> pattern.matcher(v).matches());
  }

  @Override
  public String toString() {
    return kind + (pattern == null ? "" : "(" + pattern + ")");
  }
}
