package dev.runshift.simulator.cloudbuild;

import com.google.cloudbuild.v1.Build;
import com.google.cloudbuild.v1.BuildStep;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a build would do, read from its steps after substitution: the images it pushes are those in
 * {@code images} plus the targets of {@code docker push} steps and Kaniko {@code --destination}s.
 */
final class BuildSteps {
  private BuildSteps() {}

  static ResolvedBuild resolve(Build build, Substitutions substitutions) {
    List<ResolvedBuild.Step> steps = new ArrayList<>();
    for (int i = 0; i < build.getStepsCount(); i++) {
      BuildStep step = build.getSteps(i);
      String name = substitutions.apply(step.getName(), "build.steps[" + i + "].name");
      List<String> args = new ArrayList<>();
      for (int j = 0; j < step.getArgsCount(); j++) {
        args.add(substitutions.apply(step.getArgs(j), "build.steps[" + i + "].args[" + j + "]"));
      }
      steps.add(new ResolvedBuild.Step(name, List.copyOf(args)));
    }
    Set<String> pushed = new LinkedHashSet<>();
    for (int i = 0; i < build.getImagesCount(); i++) {
      pushed.add(substitutions.apply(build.getImages(i), "build.images[" + i + "]"));
    }
    for (ResolvedBuild.Step step : steps) {
      pushed.addAll(pushesOf(step));
    }
    return new ResolvedBuild(List.copyOf(steps), List.copyOf(pushed), build.getTagsList());
  }

  private static List<String> pushesOf(ResolvedBuild.Step step) {
    String image = step.name().replaceFirst("[:@].*$", "");
    List<String> args = step.args();
    if ((image.equals("docker") || image.endsWith("/docker")) && !args.isEmpty() && args.get(0).equals("push")) {
      for (int i = args.size() - 1; i > 0; i--) {
        if (!args.get(i).startsWith("-")) {
          return List.of(args.get(i));
        }
      }
      return List.of();
    }
    if (image.endsWith("kaniko-project/executor")) {
      List<String> destinations = new ArrayList<>();
      for (int i = 0; i < args.size(); i++) {
        String arg = args.get(i);
        if (arg.startsWith("--destination=")) {
          destinations.add(arg.substring("--destination=".length()));
        } else if ((arg.equals("--destination") || arg.equals("-d")) && i + 1 < args.size()) {
          destinations.add(args.get(++i));
        }
      }
      return destinations;
    }
    return List.of();
  }
}
