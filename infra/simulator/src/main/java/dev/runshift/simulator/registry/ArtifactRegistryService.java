package dev.runshift.simulator.registry;

import com.google.devtools.artifactregistry.v1.ArtifactRegistryGrpc;
import com.google.devtools.artifactregistry.v1.GetTagRequest;
import com.google.devtools.artifactregistry.v1.ListTagsRequest;
import com.google.devtools.artifactregistry.v1.ListTagsResponse;
import com.google.devtools.artifactregistry.v1.Tag;
import dev.runshift.simulator.core.ApiErrors;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Artifact Registry v1 ({@code google.devtools.artifactregistry.v1.ArtifactRegistry}): GetTag and
 * ListTags. Every other method answers UNIMPLEMENTED (the generated default).
 */
final class ArtifactRegistryService extends ArtifactRegistryGrpc.ArtifactRegistryImplBase {
  private static final Pattern PACKAGE =
      Pattern.compile("projects/[^/]+/locations/[^/]+/repositories/[^/]+/packages/[^/]+");
  private static final Pattern TAG = Pattern.compile(PACKAGE.pattern() + "/tags/[^/]+");

  private final TagStore tags;

  ArtifactRegistryService(TagStore tags) {
    this.tags = tags;
  }

  @Override
  public void getTag(GetTagRequest request, StreamObserver<Tag> response) {
    try {
      String name = request.getName();
      if (name.isEmpty()) {
        throw ApiErrors.required("name");
      }
      if (!TAG.matcher(name).matches()) {
        throw ApiErrors.invalidArgument("name", "'" + name + "' is not a tag name "
            + "(projects/P/locations/L/repositories/R/packages/PKG/tags/TAG).");
      }
      String version = tags.version(name)
          .orElseThrow(() -> ApiErrors.notFound("Requested entity was not found: tag " + name));
      response.onNext(Tag.newBuilder().setName(name).setVersion(version).build());
      response.onCompleted();
    } catch (StatusRuntimeException e) {
      response.onError(e);
    }
  }

  @Override
  public void listTags(ListTagsRequest request, StreamObserver<ListTagsResponse> response) {
    try {
      String parent = request.getParent();
      if (parent.isEmpty()) {
        throw ApiErrors.required("parent");
      }
      if (!PACKAGE.matcher(parent).matches()) {
        throw ApiErrors.invalidArgument("parent", "'" + parent + "' is not a package name "
            + "(projects/P/locations/L/repositories/R/packages/PKG).");
      }
      if (!request.getFilter().isEmpty()) {
        throw ApiErrors.unimplemented("the simulator does not filter tags");
      }
      if (request.getPageSize() < 0) {
        throw ApiErrors.invalidArgument("page_size", "must not be negative.");
      }
      List<String> names = tags.tagsOf(parent);
      int from = offset(request.getPageToken(), names.size());
      int to = request.getPageSize() == 0 ? names.size() : Math.min(names.size(), from + request.getPageSize());
      ListTagsResponse.Builder page = ListTagsResponse.newBuilder();
      for (String name : names.subList(from, to)) {
        tags.version(name).ifPresent(v -> page.addTags(Tag.newBuilder().setName(name).setVersion(v)));
      }
      if (to < names.size()) {
        page.setNextPageToken(Integer.toString(to));
      }
      response.onNext(page.build());
      response.onCompleted();
    } catch (StatusRuntimeException e) {
      response.onError(e);
    }
  }

  private static int offset(String token, int total) {
    if (token.isEmpty()) {
      return 0;
    }
    try {
      int from = Integer.parseInt(token);
      if (from >= 0 && from <= total) {
        return from;
      }
    } catch (NumberFormatException e) {
      // fall through
    }
    throw ApiErrors.invalidArgument("page_token", "'" + token + "' is not a page token from this list.");
  }
}
