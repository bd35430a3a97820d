package dev.runshift.local;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.temporal.internal.testservice.GRPCServerHelper;
import io.temporal.internal.testservice.TestServicesStarter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Temporal's test server (real time: time skipping locked) listening on the loopback interface only. It
 * has no authentication, so nothing outside this machine may reach it; {@code
 * TestServer.createPortBoundServer} would listen on every interface. This is that method with the
 * address fixed (the same two temporal-testing classes it uses).
 *
 * <p>Everything it holds is in memory: when it closes, every workflow on it is gone.
 */
final class LocalTemporalServer implements AutoCloseable {
  static final String HOST = "127.0.0.1";

  private final TestServicesStarter services;
  private final Server server;

  private LocalTemporalServer(TestServicesStarter services, Server server) {
    this.services = services;
    this.server = server;
  }

  /** Listens on {@code 127.0.0.1:port}; throws if the port is taken. */
  static LocalTemporalServer start(int port) {
    TestServicesStarter services = new TestServicesStarter(true, 0);
    NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress(HOST, port));
    GRPCServerHelper.registerServicesAndHealthChecks(services.getServices(), builder);
    try {
      return new LocalTemporalServer(services, builder.build().start());
    } catch (IOException e) {
      services.close();
      throw new UncheckedIOException("cannot listen on " + HOST + ":" + port + ": " + e.getMessage(), e);
    }
  }

  int port() {
    return server.getPort();
  }

  /** Where it listens. */
  List<? extends SocketAddress> listenAddresses() {
    return server.getListenSockets();
  }

  @Override
  public void close() {
    server.shutdown();
    try {
      if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
        server.shutdownNow();
      }
    } catch (InterruptedException e) {
      server.shutdownNow();
      Thread.currentThread().interrupt();
    }
    services.close();
  }
}
