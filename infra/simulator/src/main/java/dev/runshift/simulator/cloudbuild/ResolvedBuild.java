package dev.runshift.simulator.cloudbuild;

import java.util.List;

/**
 * A submitted build after substitution: what each step runs ({@code name}, the step's container image, and
 * its arguments), the images it pushes, and its tags. What outcome rules are matched against.
 */
record ResolvedBuild(List<Step> steps, List<String> pushedImages, List<String> tags) {
  record Step(String name, List<String> args) {}
}
