package dev.runshift.simulator.registry;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Docker image in Artifact Registry, {@code LOCATION-docker.pkg.dev/PROJECT/REPOSITORY/PACKAGE[:TAG]},
 * and the resource names Artifact Registry gives it. A package containing {@code /} is URL-encoded in
 * resource names ({@code a/b} becomes {@code a%2Fb}), as Artifact Registry does; no tag means
 * {@code latest}, as Docker does.
 */
record DockerImageName(String location, String project, String repository, String pkg, String tag) {
  private static final Pattern IMAGE = Pattern.compile(
      "([a-z0-9-]+)-docker\\.pkg\\.dev/([^/:@]+)/([^/:@]+)/([^:@]+?)(?::([\\w][\\w.-]{0,127}))?");

  /** {@code image} as an Artifact Registry Docker image by tag; empty for any other reference. */
  static Optional<DockerImageName> parse(String image) {
    Matcher m = IMAGE.matcher(image == null ? "" : image);
    if (!m.matches()) {
      return Optional.empty();
    }
    String tag = m.group(5) == null ? "latest" : m.group(5);
    return Optional.of(new DockerImageName(m.group(1), m.group(2), m.group(3), m.group(4), tag));
  }

  /** {@code projects/P/locations/L/repositories/R/packages/PKG}, the package encoded. */
  String packageName() {
    return "projects/" + project + "/locations/" + location + "/repositories/" + repository + "/packages/"
        + URLEncoder.encode(pkg, StandardCharsets.UTF_8);
  }

  /** {@code …/packages/PKG/tags/TAG}. */
  String tagName() {
    return packageName() + "/tags/" + tag;
  }

  /** {@code …/packages/PKG/versions/DIGEST}. */
  String versionName(String digest) {
    return packageName() + "/versions/" + digest;
  }
}
