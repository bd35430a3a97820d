package dev.runshift.simulator.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.longrunning.GetOperationRequest;
import com.google.longrunning.ListOperationsRequest;
import com.google.longrunning.Operation;
import com.google.longrunning.OperationsGrpc;
import com.google.longrunning.WaitOperationRequest;
import dev.runshift.simulator.ManualClock;
import dev.runshift.simulator.Simulator;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** google.longrunning.Operations over the shared store, with a manual clock. */
class OperationsServiceTest {
  private ManualClock clock;
  private Simulator sim;
  private ManagedChannel channel;
  private OperationsGrpc.OperationsBlockingStub ops;

  @BeforeEach
  void start() {
    clock = ManualClock.atEpochMinute();
    sim = Simulator.start(SimConfig.defaults(), clock.simClock());
    channel = ManagedChannelBuilder.forTarget(sim.endpoint()).usePlaintext().build();
    ops = OperationsGrpc.newBlockingStub(channel);
    Instant doneAt = clock.now().plusSeconds(30);
    sim.context().operations().register("operations/x",
        () -> Operation.newBuilder().setName("operations/x").setDone(!clock.now().isBefore(doneAt)).build());
  }

  @AfterEach
  void stop() {
    channel.shutdownNow();
    sim.close();
  }

  @Test
  void getComputesStateFromTheClock() {
    assertFalse(ops.getOperation(GetOperationRequest.newBuilder().setName("operations/x").build()).getDone());
    clock.advance(Duration.ofSeconds(30));
    assertTrue(ops.getOperation(GetOperationRequest.newBuilder().setName("operations/x").build()).getDone());
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
        () -> ops.getOperation(GetOperationRequest.newBuilder().setName("operations/none").build()));
    assertEquals(Status.Code.NOT_FOUND, e.getStatus().getCode());
  }

  @Test
  void waitReturnsAfterItsTimeoutOnAStoppedClockAndAtOnceWhenDone() {
    long t0 = System.nanoTime();
    Operation waited = ops.waitOperation(WaitOperationRequest.newBuilder()
        .setName("operations/x")
        .setTimeout(com.google.protobuf.Duration.newBuilder().setNanos(200_000_000))
        .build());
    assertFalse(waited.getDone());
    assertTrue(System.nanoTime() - t0 >= 200_000_000L);

    new Thread(() -> {
      try {
        Thread.sleep(100);
      } catch (InterruptedException ignored) {
        // test thread
      }
      clock.advance(Duration.ofMinutes(1));
    }).start();
    assertTrue(ops.waitOperation(WaitOperationRequest.newBuilder().setName("operations/x").build()).getDone());
  }

  @Test
  void listIsUnimplemented() {
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
        () -> ops.listOperations(ListOperationsRequest.newBuilder().setName("operations").build()));
    assertEquals(Status.Code.UNIMPLEMENTED, e.getStatus().getCode());
  }
}
