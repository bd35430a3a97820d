package dev.runshift.simulator.core;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.util.function.Supplier;

/** Answers a unary call with what {@code handler} returns, or with the status it threw. */
public final class Rpc {
  private Rpc() {}

  public static <T> void answer(StreamObserver<T> response, Supplier<T> handler) {
    T value;
    try {
      value = handler.get();
    } catch (StatusRuntimeException e) {
      response.onError(e);
      return;
    } catch (RuntimeException e) {
      response.onError(Status.INTERNAL.withDescription("simulator error: " + e).withCause(e).asRuntimeException());
      return;
    }
    response.onNext(value);
    response.onCompleted();
  }
}
