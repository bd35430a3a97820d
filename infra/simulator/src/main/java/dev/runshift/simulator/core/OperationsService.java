package dev.runshift.simulator.core;

import com.google.longrunning.CancelOperationRequest;
import com.google.longrunning.DeleteOperationRequest;
import com.google.longrunning.GetOperationRequest;
import com.google.longrunning.ListOperationsRequest;
import com.google.longrunning.ListOperationsResponse;
import com.google.longrunning.Operation;
import com.google.longrunning.OperationsGrpc;
import com.google.longrunning.WaitOperationRequest;
import com.google.protobuf.Empty;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@code google.longrunning.Operations} over the shared {@link OperationStore}: the endpoint every
 * Google client polls for its long-running operations. GetOperation and DeleteOperation are served;
 * WaitOperation polls the store (each read computes the operation from the simulator clock) until it is
 * done or the request's timeout — wall time, default 10 s, capped by the call deadline — has passed, and
 * then answers the current state, so it never blocks forever on a manual clock. ListOperations and
 * CancelOperation answer UNIMPLEMENTED.
 */
public final class OperationsService extends OperationsGrpc.OperationsImplBase {
  private static final Duration DEFAULT_WAIT = Duration.ofSeconds(10);
  private static final long POLL_MILLIS = 10;

  private final OperationStore store;

  public OperationsService(OperationStore store) {
    this.store = store;
  }

  @Override
  public void getOperation(GetOperationRequest request, StreamObserver<Operation> response) {
    answer(request.getName(), find(request.getName()), response);
  }

  @Override
  public void waitOperation(WaitOperationRequest request, StreamObserver<Operation> response) {
    Duration timeout = request.hasTimeout()
        ? Duration.ofSeconds(request.getTimeout().getSeconds(), request.getTimeout().getNanos())
        : DEFAULT_WAIT;
    long deadlineNanos = System.nanoTime() + timeout.toNanos();
    Deadline callDeadline = Context.current().getDeadline();
    if (callDeadline != null) {
      // leave a little time to answer before the caller gives up
      long callLeft = callDeadline.timeRemaining(TimeUnit.NANOSECONDS) - TimeUnit.MILLISECONDS.toNanos(50);
      deadlineNanos = Math.min(deadlineNanos, System.nanoTime() + Math.max(0, callLeft));
    }
    Optional<Operation> op = find(request.getName());
    while (op.isPresent() && !op.get().getDone() && System.nanoTime() < deadlineNanos
        && !Context.current().isCancelled()) {
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      op = find(request.getName());
    }
    answer(request.getName(), op, response);
  }

  @Override
  public void deleteOperation(DeleteOperationRequest request, StreamObserver<Empty> response) {
    if (request.getName().isEmpty()) {
      response.onError(missingName().asRuntimeException());
    } else if (store.remove(request.getName())) {
      response.onNext(Empty.getDefaultInstance());
      response.onCompleted();
    } else {
      response.onError(notFound(request.getName()).asRuntimeException());
    }
  }

  @Override
  public void listOperations(ListOperationsRequest request, StreamObserver<ListOperationsResponse> response) {
    response.onError(Status.UNIMPLEMENTED
        .withDescription("ListOperations is not supported by the Runshift simulator")
        .asRuntimeException());
  }

  @Override
  public void cancelOperation(CancelOperationRequest request, StreamObserver<Empty> response) {
    response.onError(Status.UNIMPLEMENTED
        .withDescription("CancelOperation is not supported by the Runshift simulator")
        .asRuntimeException());
  }

  private Optional<Operation> find(String name) {
    return name.isEmpty() ? Optional.empty() : store.get(name);
  }

  private static void answer(String name, Optional<Operation> op, StreamObserver<Operation> response) {
    if (name.isEmpty()) {
      response.onError(missingName().asRuntimeException());
    } else if (op.isPresent()) {
      response.onNext(op.get());
      response.onCompleted();
    } else {
      response.onError(notFound(name).asRuntimeException());
    }
  }

  private static Status missingName() {
    return Status.INVALID_ARGUMENT.withDescription("Invalid value for field 'name': must not be empty.");
  }

  private static Status notFound(String name) {
    return Status.NOT_FOUND.withDescription("Operation '" + name + "' not found.");
  }
}
