package dev.runshift.simulator.run;

import dev.runshift.simulator.core.ApiErrors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cloud Run Admin v2 resource names, parsed strictly: a malformed name is an INVALID_ARGUMENT naming
 * the request field it came from.
 */
final class ResourceNames {
  private static final String SEGMENT = "([^/]+)";
  private static final Pattern LOCATION = Pattern.compile("projects/" + SEGMENT + "/locations/" + SEGMENT);
  private static final Pattern SERVICE =
      Pattern.compile("projects/" + SEGMENT + "/locations/" + SEGMENT + "/services/" + SEGMENT);
  private static final Pattern REVISION = Pattern.compile(
      "projects/" + SEGMENT + "/locations/" + SEGMENT + "/services/" + SEGMENT + "/revisions/" + SEGMENT);
  /** Lowercase letters, digits and dashes; starts with a letter, does not end with a dash. */
  private static final Pattern DNS_LABEL = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");

  private ResourceNames() {}

  record LocationName(String project, String location) {
    @Override
    public String toString() {
      return "projects/" + project + "/locations/" + location;
    }
  }

  record ServiceName(String project, String location, String service) {
    LocationName parent() {
      return new LocationName(project, location);
    }

    RevisionName revision(String revision) {
      return new RevisionName(this, revision);
    }

    @Override
    public String toString() {
      return parent() + "/services/" + service;
    }
  }

  record RevisionName(ServiceName service, String revision) {
    @Override
    public String toString() {
      return service + "/revisions/" + revision;
    }
  }

  static LocationName location(String field, String value) {
    Matcher m = match(LOCATION, field, value, "projects/{project}/locations/{location}");
    return new LocationName(m.group(1), m.group(2));
  }

  static ServiceName service(String field, String value) {
    Matcher m = match(SERVICE, field, value, "projects/{project}/locations/{location}/services/{service}");
    return new ServiceName(m.group(1), m.group(2), m.group(3));
  }

  static RevisionName revision(String field, String value) {
    Matcher m = match(REVISION, field, value,
        "projects/{project}/locations/{location}/services/{service}/revisions/{revision}");
    return new RevisionName(new ServiceName(m.group(1), m.group(2), m.group(3)), m.group(4));
  }

  /** A service id as Cloud Run accepts it: a DNS label of at most 49 characters. */
  static void checkServiceId(String field, String id) {
    if (id.isEmpty()) {
      throw ApiErrors.required(field);
    }
    if (id.length() > 49 || !DNS_LABEL.matcher(id).matches()) {
      throw ApiErrors.invalidArgument(field, "'" + id + "' must use only lowercase alphanumeric characters"
          + " and dashes, begin with a letter, not end with a dash, and be at most 49 characters long.");
    }
  }

  /** A revision name chosen by the caller: prefixed by {@code service-}, a DNS label of at most 63. */
  static void checkRevisionName(String field, String service, String revision) {
    if (!revision.startsWith(service + "-")) {
      throw ApiErrors.invalidArgument(field,
          "Revision name '" + revision + "' must be prefixed by the service name '" + service + "-'.");
    }
    if (revision.length() > 63 || !DNS_LABEL.matcher(revision).matches()) {
      throw ApiErrors.invalidArgument(field, "'" + revision + "' must use only lowercase alphanumeric"
          + " characters and dashes, not end with a dash, and be at most 63 characters long.");
    }
  }

  /** A traffic tag: a DNS label short enough to prefix the service URL. */
  static void checkTag(String field, String tag) {
    if (tag.length() > 46 || !DNS_LABEL.matcher(tag).matches()) {
      throw ApiErrors.invalidArgument(field, "tag '" + tag + "' must use only lowercase alphanumeric"
          + " characters and dashes, begin with a letter, not end with a dash, and be at most 46 characters.");
    }
  }

  private static Matcher match(Pattern p, String field, String value, String format) {
    if (value.isEmpty()) {
      throw ApiErrors.required(field);
    }
    Matcher m = p.matcher(value);
    if (!m.matches()) {
      throw ApiErrors.invalidArgument(field, "'" + value + "' is not a valid resource name; expected " + format + ".");
    }
    return m;
  }
}
