package dev.runshift.simulator.run;

import com.google.cloud.run.v2.CreateServiceRequest;
import com.google.cloud.run.v2.DeleteServiceRequest;
import com.google.cloud.run.v2.GetServiceRequest;
import com.google.cloud.run.v2.ListServicesRequest;
import com.google.cloud.run.v2.ListServicesResponse;
import com.google.cloud.run.v2.Service;
import com.google.cloud.run.v2.ServicesGrpc;
import com.google.cloud.run.v2.UpdateServiceRequest;
import com.google.longrunning.Operation;
import com.google.protobuf.Any;
import com.google.protobuf.util.FieldMaskUtil;
import dev.runshift.simulator.core.ApiErrors;
import dev.runshift.simulator.core.Rpc;
import dev.runshift.simulator.run.ResourceNames.LocationName;
import dev.runshift.simulator.run.ResourceNames.ServiceName;
import io.grpc.stub.StreamObserver;
import java.time.Instant;
import java.util.List;

/**
 * {@code google.cloud.run.v2.Services}: Create/Get/List/Update/DeleteService. Writes answer a
 * long-running operation whose metadata and response are the Service (as the v2 client expects).
 * IAM methods answer UNIMPLEMENTED.
 */
final class ServicesService extends ServicesGrpc.ServicesImplBase {
  private final CloudRunSim run;

  ServicesService(CloudRunSim run) {
    this.run = run;
  }

  @Override
  public void createService(CreateServiceRequest request, StreamObserver<Operation> response) {
    Rpc.answer(response, () -> {
      LocationName parent = ResourceNames.location("parent", request.getParent());
      if (parent.location().equals("-")) {
        throw ApiErrors.invalidArgument("parent", "a service must be created in one location, not '-'.");
      }
      ResourceNames.checkServiceId("service_id", request.getServiceId());
      if (!request.hasService()) {
        throw ApiErrors.required("service");
      }
      ServiceName name = new ServiceName(parent.project(), parent.location(), request.getServiceId());
      if (!request.getService().getName().isEmpty() && !request.getService().getName().equals(name.toString())) {
        throw ApiErrors.invalidArgument("service.name",
            "must be empty or '" + name + "'; the service id is given by service_id.");
      }
      Service spec = userFields(request.getService());
      ServiceState state = run.create(name, spec, run.revisionReadyDelay(), request.getValidateOnly());
      if (request.getValidateOnly()) {
        return done(parent, state.toProto(run.now()));
      }
      return run.operation(parent, opName -> state.operation(opName, 1, run.now()));
    });
  }

  @Override
  public void getService(GetServiceRequest request, StreamObserver<Service> response) {
    Rpc.answer(response, () -> {
      ServiceName name = ResourceNames.service("name", request.getName());
      return run.find(name).toProto(run.now());
    });
  }

  @Override
  public void listServices(ListServicesRequest request, StreamObserver<ListServicesResponse> response) {
    Rpc.answer(response, () -> {
      LocationName parent = ResourceNames.location("parent", request.getParent());
      List<ServiceState> all = run.list(parent);
      Paging.Page page = Paging.page(all.size(), request.getPageSize(), request.getPageToken());
      Instant now = run.now();
      ListServicesResponse.Builder out = ListServicesResponse.newBuilder();
      for (int i = page.from(); i < page.to(); i++) {
        out.addServices(all.get(i).toProto(now));
      }
      return out.setNextPageToken(page.nextToken()).build();
    });
  }

  @Override
  public void updateService(UpdateServiceRequest request, StreamObserver<Operation> response) {
    Rpc.answer(response, () -> {
      if (!request.hasService()) {
        throw ApiErrors.required("service");
      }
      ServiceName name = ResourceNames.service("service.name", request.getService().getName());
      ResourceNames.checkServiceId("service.name", name.service());
      Service given = userFields(request.getService());
      if (run.lookup(name).isEmpty() && request.getAllowMissing()) {
        ServiceState created = run.create(name, given, run.revisionReadyDelay(), request.getValidateOnly());
        if (request.getValidateOnly()) {
          return done(name.parent(), created.toProto(run.now()));
        }
        return run.operation(name.parent(), opName -> created.operation(opName, 1, run.now()));
      }
      ServiceState state = run.find(name);
      long gen;
      synchronized (state) {
        state.advance(run.now());
        state.checkEtag(request.getService().getEtag());
        Service desired = merge(state.spec(), given, request);
        gen = state.change(desired, run.now(), run.revisionReadyDelay(), request.getValidateOnly());
      }
      if (request.getValidateOnly()) {
        return done(name.parent(), state.toProto(run.now()));
      }
      return run.operation(name.parent(), opName -> state.operation(opName, gen, run.now()));
    });
  }

  @Override
  public void deleteService(DeleteServiceRequest request, StreamObserver<Operation> response) {
    Rpc.answer(response, () -> {
      ServiceName name = ResourceNames.service("name", request.getName());
      ServiceState state = run.find(name);
      state.checkEtag(request.getEtag());
      if (request.getValidateOnly()) {
        return done(name.parent(), state.toProto(run.now()));
      }
      run.remove(name);
      Service deleted = state.delete(run.now());
      return run.operation(name.parent(), opName -> doneOperation(opName, deleted));
    });
  }

  /** The desired spec: {@code given} whole, or only the fields named by the update mask. */
  private static Service merge(Service current, Service given, UpdateServiceRequest request) {
    if (request.getUpdateMask().getPathsCount() == 0) {
      return given;
    }
    for (String path : request.getUpdateMask().getPathsList()) {
      if (!FieldMaskUtil.isValid(Service.class, path)) {
        throw ApiErrors.invalidArgument("update_mask", "'" + path + "' is not a field of Service.");
      }
    }
    Service.Builder merged = current.toBuilder();
    FieldMaskUtil.merge(request.getUpdateMask(), given, merged,
        new FieldMaskUtil.MergeOptions()
            .setReplaceMessageFields(true)
            .setReplaceRepeatedFields(true)
            .setReplacePrimitiveFields(true));
    return userFields(merged.build());
  }

  /** The fields a caller may set; everything output-only is dropped. */
  static Service userFields(Service s) {
    return s.toBuilder()
        .clearName().clearUid().clearGeneration().clearCreateTime().clearUpdateTime().clearDeleteTime()
        .clearExpireTime().clearCreator().clearLastModifier().clearUrls().clearObservedGeneration()
        .clearTerminalCondition().clearConditions().clearLatestReadyRevision().clearLatestCreatedRevision()
        .clearTrafficStatuses().clearUri().clearSatisfiesPzs().clearThreatDetectionEnabled()
        .clearReconciling().clearEtag()
        .build();
  }

  private Operation done(LocationName location, Service service) {
    return run.operation(location, opName -> doneOperation(opName, service));
  }

  private static Operation doneOperation(String name, Service service) {
    return Operation.newBuilder()
        .setName(name)
        .setDone(true)
        .setMetadata(Any.pack(service))
        .setResponse(Any.pack(service))
        .build();
  }
}
