package dev.runshift.activities.registry;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Docker image by tag in Artifact Registry, {@code LOCATION-docker.pkg.dev/PROJECT/REPOSITORY/PACKAGE:TAG}
 * ({@code latest} when no tag is given, as Docker reads it), and the name of its tag resource. A package
 * name containing {@code /} is URL-encoded there ({@code %2F}), as Artifact Registry names it.
 *
 * @param repository the image without its tag, {@code LOCATION-docker.pkg.dev/P/R/PKG}
 */
record ArtifactRegistryImage(
    String repository, String location, String project, String repo, String pkg, String tag) {
  private static final Pattern IMAGE = Pattern.compile(
      "(([a-z0-9-]+)-docker\\.pkg\\.dev/([^/:@]+)/([^/:@]+)/([^:@]+?))(?::([\\w][\\w.-]{0,127}))?");

  static Optional<ArtifactRegistryImage> parse(String image) {
    Matcher m = IMAGE.matcher(image == null ? "" : image);
    if (!m.matches()) {
      return Optional.empty();
    }
    return Optional.of(new ArtifactRegistryImage(m.group(1), m.group(2), m.group(3), m.group(4), m.group(5),
        m.group(6) == null ? "latest" : m.group(6)));
  }

  /** {@code projects/P/locations/L/repositories/R/packages/PKG/tags/TAG}. */
  String tagName() {
    return "projects/" + project + "/locations/" + location + "/repositories/" + repo + "/packages/"
        + URLEncoder.encode(pkg, StandardCharsets.UTF_8) + "/tags/" + tag;
  }
}
