package dev.runshift.simulator.build;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.util.function.Supplier;

/** How the Cloud Build service answers: one response or one status, errors naming the offending field. */
final class Rpc {
  private Rpc() {}

  static <T> void unary(StreamObserver<T> out, Supplier<T> call) {
    T result;
    try {
      result = call.get();
    } catch (StatusRuntimeException e) {
      out.onError(e);
      return;
    } catch (RuntimeException e) {
      out.onError(Status.INTERNAL.withDescription("simulator error: " + e).withCause(e).asRuntimeException());
      return;
    }
    out.onNext(result);
    out.onCompleted();
  }

  static StatusRuntimeException invalidArgument(String field, String problem) {
    return Status.INVALID_ARGUMENT.withDescription("invalid " + field + ": " + problem).asRuntimeException();
  }

  static StatusRuntimeException notFound(String what) {
    return Status.NOT_FOUND.withDescription(what + " not found").asRuntimeException();
  }

  static StatusRuntimeException failedPrecondition(String problem) {
    return Status.FAILED_PRECONDITION.withDescription(problem).asRuntimeException();
  }
}
