package dev.runshift.simulator.core;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Behaviour per image. An exact image reference (e.g. {@code repo@sha256:…}) wins over a pattern; among
 * patterns (regular expressions matched against the whole reference) the most recently set wins;
 * anything else is {@link ImageBehaviour#healthy()}.
 */
public final class ImageBehaviours {
  private record Rule(String exact, Pattern pattern, ImageBehaviour behaviour) {}

  private final List<Rule> rules = new ArrayList<>();

  public synchronized void set(String image, ImageBehaviour behaviour) {
    rules.removeIf(r -> image.equals(r.exact));
    rules.add(new Rule(image, null, behaviour));
  }

  public synchronized void setPattern(String regex, ImageBehaviour behaviour) {
    rules.add(new Rule(null, Pattern.compile(regex), behaviour));
  }

  public synchronized ImageBehaviour of(String image) {
    for (Rule r : rules) {
      if (image.equals(r.exact)) {
        return r.behaviour;
      }
    }
    for (int i = rules.size() - 1; i >= 0; i--) {
      Rule r = rules.get(i);
      if (r.pattern != null && r.pattern.matcher(image).matches()) {
        return r.behaviour;
      }
    }
    return ImageBehaviour.healthy();
  }
}
