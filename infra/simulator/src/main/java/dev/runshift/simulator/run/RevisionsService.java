package dev.runshift.simulator.run;

import com.google.cloud.run.v2.DeleteRevisionRequest;
import com.google.cloud.run.v2.GetRevisionRequest;
import com.google.cloud.run.v2.ListRevisionsRequest;
import com.google.cloud.run.v2.ListRevisionsResponse;
import com.google.cloud.run.v2.Revision;
import com.google.cloud.run.v2.RevisionsGrpc;
import com.google.longrunning.Operation;
import com.google.protobuf.Any;
import dev.runshift.simulator.core.ApiErrors;
import dev.runshift.simulator.core.Rpc;
import dev.runshift.simulator.core.Timestamps;
import dev.runshift.simulator.run.ResourceNames.RevisionName;
import dev.runshift.simulator.run.ResourceNames.ServiceName;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@code google.cloud.run.v2.Revisions}: GetRevision, ListRevisions (newest first; {@code -} as the
 * service lists a location's revisions) and DeleteRevision (only revisions that serve nothing and are not
 * the latest; answers a done operation with the Revision).
 */
final class RevisionsService extends RevisionsGrpc.RevisionsImplBase {
  private final CloudRunSim run;

  RevisionsService(CloudRunSim run) {
    this.run = run;
  }

  @Override
  public void getRevision(GetRevisionRequest request, StreamObserver<Revision> response) {
    Rpc.answer(response, () -> {
      RevisionName name = ResourceNames.revision("name", request.getName());
      RevisionState r = run.find(name.service()).revision(name.revision());
      if (r == null) {
        throw notFound(name);
      }
      return r.toProto(run.now());
    });
  }

  @Override
  public void listRevisions(ListRevisionsRequest request, StreamObserver<ListRevisionsResponse> response) {
    Rpc.answer(response, () -> {
      ServiceName parent = ResourceNames.service("parent", request.getParent());
      List<RevisionState> all = new ArrayList<>();
      if (parent.service().equals("-")) {
        for (ServiceState s : run.list(parent.parent())) {
          all.addAll(s.revisionsNewestFirst());
        }
        all.sort(Comparator.comparing(RevisionState::createTime).reversed());
      } else {
        all.addAll(run.find(parent).revisionsNewestFirst());
      }
      Paging.Page page = Paging.page(all.size(), request.getPageSize(), request.getPageToken());
      Instant now = run.now();
      ListRevisionsResponse.Builder out = ListRevisionsResponse.newBuilder();
      for (int i = page.from(); i < page.to(); i++) {
        out.addRevisions(all.get(i).toProto(now));
      }
      return out.setNextPageToken(page.nextToken()).build();
    });
  }

  @Override
  public void deleteRevision(DeleteRevisionRequest request, StreamObserver<Operation> response) {
    Rpc.answer(response, () -> {
      RevisionName name = ResourceNames.revision("name", request.getName());
      ServiceState service = run.find(name.service());
      RevisionState existing = service.revision(name.revision());
      if (existing == null) {
        throw notFound(name);
      }
      Revision before = existing.toProto(run.now());
      if (!request.getEtag().isEmpty() && !request.getEtag().equals(before.getEtag())) {
        throw ApiErrors.aborted("The etag '" + request.getEtag() + "' does not match the current etag of revision '"
            + name.revision() + "'.");
      }
      Revision deleted = request.getValidateOnly()
          ? before
          : service.deleteRevision(name.revision(), run.now()).toProto(run.now()).toBuilder()
              .setDeleteTime(Timestamps.of(run.now()))
              .build();
      return run.operation(name.service().parent(), opName -> Operation.newBuilder()
          .setName(opName)
          .setDone(true)
          .setMetadata(Any.pack(deleted))
          .setResponse(Any.pack(deleted))
          .build());
    });
  }

  private static StatusRuntimeException notFound(RevisionName name) {
    return ApiErrors.notFound("Resource '" + name.revision() + "' of kind 'REVISION' in region '"
        + name.service().location() + "' in project '" + name.service().project() + "' does not exist.");
  }
}
