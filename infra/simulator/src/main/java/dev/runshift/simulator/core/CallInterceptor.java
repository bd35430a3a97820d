package dev.runshift.simulator.core;

import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Wraps every call the simulator serves: when the first request message arrives it waits any injected
 * latency and asks {@link Faults} whether the call may proceed, failing it before the handler runs if
 * not; when the call ends it records an {@link ApiCall} (method, resource named by the request,
 * simulator time of arrival, final status code) in the {@link CallLog}.
 */
public final class CallInterceptor implements ServerInterceptor {
  private final CallLog log;
  private final Faults faults;
  private final SimClock clock;

  public CallInterceptor(CallLog log, Faults faults, SimClock clock) {
    this.log = log;
    this.faults = faults;
    this.clock = clock;
  }

  @Override
  public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
      ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
    RecordingCall<ReqT, RespT> recording = new RecordingCall<>(call);
    ServerCall.Listener<ReqT> delegate = next.startCall(recording, headers);
    return new FaultingListener<>(delegate, recording);
  }

  private final class RecordingCall<ReqT, RespT> extends SimpleForwardingServerCall<ReqT, RespT> {
    final String method;
    final Instant at;
    volatile String resource = "";
    private final AtomicBoolean recorded = new AtomicBoolean();

    RecordingCall(ServerCall<ReqT, RespT> call) {
      super(call);
      this.method = call.getMethodDescriptor().getFullMethodName();
      this.at = clock.now();
    }

    @Override
    public void close(Status status, Metadata trailers) {
      record(status.getCode());
      super.close(status, trailers);
    }

    void record(Status.Code code) {
      if (recorded.compareAndSet(false, true)) {
        log.record(new ApiCall(method, resource, at, code.name()));
      }
    }
  }

  private final class FaultingListener<ReqT, RespT> extends SimpleForwardingServerCallListener<ReqT> {
    private final RecordingCall<ReqT, RespT> call;
    private boolean first = true;
    private boolean failed;

    FaultingListener(ServerCall.Listener<ReqT> delegate, RecordingCall<ReqT, RespT> call) {
      super(delegate);
      this.call = call;
    }

    @Override
    public void onMessage(ReqT message) {
      if (failed) {
        return;
      }
      if (first) {
        first = false;
        call.resource = RequestResources.of(message);
        sleep(faults.latencyFor(call.method));
        Optional<Status> fault = faults.admit(call.method, call.resource, clock.now());
        if (fault.isPresent()) {
          failed = true;
          call.close(fault.get(), new Metadata());
          return;
        }
      }
      guarded(() -> super.onMessage(message));
    }

    @Override
    public void onHalfClose() {
      if (!failed) {
        guarded(super::onHalfClose);
      }
    }

    @Override
    public void onReady() {
      if (!failed) {
        super.onReady();
      }
    }

    @Override
    public void onCancel() {
      call.record(Status.Code.CANCELLED);
      if (!failed) {
        super.onCancel();
      }
    }

    @Override
    public void onComplete() {
      if (!failed) {
        super.onComplete();
      }
    }

    /** A handler that throws instead of calling onError still answers, and is recorded, with a status. */
    private void guarded(Runnable r) {
      try {
        r.run();
      } catch (RuntimeException e) {
        failed = true;
        Status status = Status.fromThrowable(e);
        if (status.getCode() == Status.Code.UNKNOWN && status.getDescription() == null) {
          status = Status.INTERNAL.withDescription(String.valueOf(e)).withCause(e);
        }
        try {
          call.close(status, new Metadata());
        } catch (IllegalStateException alreadyClosed) {
          // the handler had already answered; nothing more to send
        }
      }
    }

    private void sleep(Duration d) {
      if (d.isZero() || d.isNegative()) {
        return;
      }
      try {
        Thread.sleep(d.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
