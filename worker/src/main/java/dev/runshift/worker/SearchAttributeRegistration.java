package dev.runshift.worker;

import dev.runshift.release.ReleaseSearchAttributes;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Registers Runshift's release search attributes ({@link ReleaseSearchAttributes#definitions()}) on a
 * namespace through Temporal's operator service, as {@code temporal operator search-attribute create}
 * does. Attributes already registered are left as they are, so it can run on every start.
 */
public final class SearchAttributeRegistration {
  private SearchAttributeRegistration() {}

  /**
   * Registers every attribute that {@code namespace} does not have yet, over the connection of {@code
   * stubs} (same address, TLS and credentials).
   *
   * @throws StatusRuntimeException when the server refuses (for example without admin permission)
   */
  public static void register(WorkflowServiceStubs stubs, String namespace) {
    OperatorServiceStubs operator =
        OperatorServiceStubs.newServiceStubs(
            OperatorServiceStubsOptions.newBuilder(stubs.getOptions()).validateAndBuildWithDefaults());
    try {
      for (Map.Entry<String, IndexedValueType> attribute : ReleaseSearchAttributes.definitions().entrySet()) {
        try {
          operator.blockingStub().addSearchAttributes(
              AddSearchAttributesRequest.newBuilder()
                  .setNamespace(namespace)
                  .putSearchAttributes(attribute.getKey(), attribute.getValue())
                  .build());
        } catch (StatusRuntimeException e) {
          if (e.getStatus().getCode() != Status.Code.ALREADY_EXISTS) {
            throw e;
          }
        }
      }
    } finally {
      operator.shutdown();
      operator.awaitTermination(5, TimeUnit.SECONDS);
    }
  }
}
