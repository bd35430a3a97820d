package dev.runshift.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/**
 * Where the local stack listens on localhost: Temporal's frontend, the simulator's gRPC endpoint and
 * the simulator's HTTP control API. 0 means any free port.
 */
public record LocalPorts(int temporal, int simulator, int control) {

  /** What {@code runshift dev} uses, so that other commands find it without configuration. */
  public static LocalPorts dev() {
    return new LocalPorts(7233, 8681, 8682);
  }

  /** Free ports everywhere (the demo and the tests). */
  public static LocalPorts any() {
    return new LocalPorts(0, 0, 0);
  }

  /** A port nobody listens on right now, for servers that cannot report the port they bound. */
  static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free local port", e);
    }
  }
}
