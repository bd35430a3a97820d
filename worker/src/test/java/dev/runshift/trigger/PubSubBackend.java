package dev.runshift.trigger;

import dev.runshift.simulator.testing.PubSubEmulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/**
 * A Pub/Sub server the trigger tests talk to over plaintext gRPC: an endpoint given in
 * {@code RUNSHIFT_PUBSUB_ENDPOINT} (e.g. the simulator), or the official emulator started as a child
 * process on a free port and stopped (that process only) on close.
 */
interface PubSubBackend extends AutoCloseable {

  /** {@code host:port}. */
  String endpoint();

  String description();

  @Override
  void close();

  /** An endpoint someone else runs. */
  static PubSubBackend external(String endpoint) {
    return new PubSubBackend() {
      @Override
      public String endpoint() {
        return endpoint;
      }

      @Override
      public String description() {
        return "Pub/Sub at " + endpoint + " (RUNSHIFT_PUBSUB_ENDPOINT)";
      }

      @Override
      public void close() {}
    };
  }

  /**
   * The official emulator, or the calling tests skipped with the reason when it is not installed
   * (failed instead when {@code RUNSHIFT_REQUIRE_PUBSUB_EMULATOR=1}).
   */
  static PubSubBackend emulatorOrSkip() {
    PubSubEmulator emulator = PubSubEmulator.startOrSkip();
    return new PubSubBackend() {
      @Override
      public String endpoint() {
        return emulator.endpoint();
      }

      @Override
      public String description() {
        return "official Pub/Sub emulator at " + emulator.endpoint();
      }

      @Override
      public void close() {
        emulator.close();
      }
    };
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
