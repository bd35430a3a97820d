package dev.runshift.simulator.build;

import com.google.longrunning.GetOperationRequest;
import com.google.longrunning.Operation;
import com.google.longrunning.OperationsGrpc;
import dev.runshift.simulator.core.OperationStore;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;

/**
 * Test-only {@code google.longrunning.Operations.GetOperation} over the shared {@link OperationStore}, so
 * the official CloudBuildClient can poll its build operations before the simulator serves Operations
 * itself. Delete once {@code Simulator} registers its own Operations service.
 */
final class TestOperationsService extends OperationsGrpc.OperationsImplBase {
  private final OperationStore operations;

  TestOperationsService(OperationStore operations) {
    this.operations = operations;
  }

  @Override
  public void getOperation(GetOperationRequest request, StreamObserver<Operation> out) {
    operations.get(request.getName()).ifPresentOrElse(op -> {
      out.onNext(op);
      out.onCompleted();
    }, () -> out.onError(Status.NOT_FOUND.withDescription("operation " + request.getName()).asRuntimeException()));
  }
}
