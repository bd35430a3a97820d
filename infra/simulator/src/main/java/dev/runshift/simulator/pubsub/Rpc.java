package dev.runshift.simulator.pubsub;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.util.function.Supplier;

/** How the Pub/Sub services answer: one response or one status, and errors that name the offending field. */
final class Rpc {
  private Rpc() {}

  /** Runs {@code call} and answers with its result, or with the status it threw. */
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
    return Status.INVALID_ARGUMENT.withDescription(field + ": " + problem).asRuntimeException();
  }

  static StatusRuntimeException notFound(String kind, String name) {
    return Status.NOT_FOUND.withDescription(kind + " not found (resource=" + name + ")").asRuntimeException();
  }

  static StatusRuntimeException alreadyExists(String kind, String name) {
    return Status.ALREADY_EXISTS.withDescription(kind + " already exists (resource=" + name + ")")
        .asRuntimeException();
  }

  static StatusRuntimeException unimplemented(String field, String problem) {
    return Status.UNIMPLEMENTED.withDescription(field + ": " + problem).asRuntimeException();
  }
}
