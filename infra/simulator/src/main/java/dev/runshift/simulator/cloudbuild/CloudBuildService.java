package dev.runshift.simulator.cloudbuild;

import dev.runshift.simulator.core.Rpc;
import com.google.cloudbuild.v1.Build;
import com.google.cloudbuild.v1.CancelBuildRequest;
import com.google.cloudbuild.v1.CloudBuildGrpc;
import com.google.cloudbuild.v1.CreateBuildRequest;
import com.google.cloudbuild.v1.GetBuildRequest;
import com.google.cloudbuild.v1.ListBuildsRequest;
import com.google.cloudbuild.v1.ListBuildsResponse;
import com.google.longrunning.Operation;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code google.devtools.cloudbuild.v1.CloudBuild}: CreateBuild, GetBuild, ListBuilds, CancelBuild. A
 * project is named by {@code project_id} or by the {@code parent}/{@code name} resource name
 * ({@code projects/P/locations/L[/builds/ID]}); when both are given they must agree.
 */
final class CloudBuildService extends CloudBuildGrpc.CloudBuildImplBase {
  private static final Pattern PARENT = Pattern.compile("projects/([^/]+)/locations/([^/]+)");
  private static final Pattern NAME = Pattern.compile("projects/([^/]+)/locations/([^/]+)/builds/([^/]+)");
  static final String DEFAULT_LOCATION = "global";
  private static final int DEFAULT_PAGE_SIZE = 50;

  private final Builds builds;

  CloudBuildService(Builds builds) {
    this.builds = builds;
  }

  private record Where(String project, String location, String id) {}

  @Override
  public void createBuild(CreateBuildRequest request, StreamObserver<Operation> out) {
    Rpc.answer(out, () -> {
      Where where = parent(request.getProjectId(), request.getParent());
      if (!request.hasBuild()) {
        throw BuildErrors.invalidArgument("build", "required");
      }
      BuildRecord record = builds.submit(where.project, where.location, request.getBuild());
      return builds.operation(record);
    });
  }

  @Override
  public void getBuild(GetBuildRequest request, StreamObserver<Build> out) {
    Rpc.answer(out, () -> {
      Where where = named(request.getProjectId(), request.getId(), request.getName());
      return builds.view(builds.find(where.project, where.id));
    });
  }

  @Override
  public void listBuilds(ListBuildsRequest request, StreamObserver<ListBuildsResponse> out) {
    Rpc.answer(out, () -> {
      Where where = parent(request.getProjectId(), request.getParent());
      BuildFilter filter = BuildFilter.parse(request.getFilter());
      List<Build> all = builds.list(where.project, filter);
      int offset = offset(request.getPageToken());
      if (request.getPageSize() < 0) {
        throw BuildErrors.invalidArgument("page_size", "must not be negative");
      }
      int size = request.getPageSize() == 0 ? DEFAULT_PAGE_SIZE : request.getPageSize();
      int end = Math.min(all.size(), offset + size);
      return ListBuildsResponse.newBuilder()
          .addAllBuilds(offset >= all.size() ? List.of() : all.subList(offset, end))
          .setNextPageToken(end < all.size() ? Integer.toString(end) : "")
          .build();
    });
  }

  @Override
  public void cancelBuild(CancelBuildRequest request, StreamObserver<Build> out) {
    Rpc.answer(out, () -> {
      Where where = named(request.getProjectId(), request.getId(), request.getName());
      return builds.cancel(builds.find(where.project, where.id));
    });
  }

  private static Where parent(String projectId, String parent) {
    if (parent.isEmpty()) {
      if (projectId.isEmpty()) {
        throw BuildErrors.invalidArgument("project_id", "required (or parent projects/{project}/locations/{location})");
      }
      return new Where(checkProject(projectId), DEFAULT_LOCATION, null);
    }
    Matcher m = PARENT.matcher(parent);
    if (!m.matches()) {
      throw BuildErrors.invalidArgument("parent", "\"" + parent + "\" is not projects/{project}/locations/{location}");
    }
    agree(projectId, m.group(1), "parent");
    return new Where(m.group(1), m.group(2), null);
  }

  private static Where named(String projectId, String id, String name) {
    if (name.isEmpty()) {
      if (projectId.isEmpty()) {
        throw BuildErrors.invalidArgument("project_id",
            "required (or name projects/{project}/locations/{location}/builds/{id})");
      }
      if (id.isEmpty()) {
        throw BuildErrors.invalidArgument("id", "required");
      }
      return new Where(checkProject(projectId), DEFAULT_LOCATION, id);
    }
    Matcher m = NAME.matcher(name);
    if (!m.matches()) {
      throw BuildErrors.invalidArgument("name",
          "\"" + name + "\" is not projects/{project}/locations/{location}/builds/{id}");
    }
    agree(projectId, m.group(1), "name");
    if (!id.isEmpty() && !id.equals(m.group(3))) {
      throw BuildErrors.invalidArgument("id", "\"" + id + "\" does not match name \"" + name + "\"");
    }
    return new Where(m.group(1), m.group(2), m.group(3));
  }

  private static String checkProject(String projectId) {
    if (projectId.contains("/")) {
      throw BuildErrors.invalidArgument("project_id", "\"" + projectId + "\" is not a project id");
    }
    return projectId;
  }

  private static void agree(String projectId, String fromName, String field) {
    if (!projectId.isEmpty() && !projectId.equals(fromName)) {
      throw BuildErrors.invalidArgument(field, "project \"" + fromName + "\" does not match project_id \"" + projectId + "\"");
    }
  }

  private static int offset(String pageToken) {
    if (pageToken.isEmpty()) {
      return 0;
    }
    try {
      int offset = Integer.parseInt(pageToken);
      if (offset < 0) {
        throw new NumberFormatException();
      }
      return offset;
    } catch (NumberFormatException e) {
      throw BuildErrors.invalidArgument("page_token", "\"" + pageToken + "\" is not a page token from this listing");
    }
  }
}
