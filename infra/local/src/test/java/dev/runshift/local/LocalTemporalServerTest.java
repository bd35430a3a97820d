package dev.runshift.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runshift.worker.StickyExecution;
import dev.runshift.worker.TemporalConnection;
import io.temporal.envconfig.ClientConfigProfile;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** dev's Temporal: loopback only (it has no authentication), and recognised as the test server. */
class LocalTemporalServerTest {

  @Test
  void listensOnLoopbackOnlyAndWorkersUseNoStickyExecutionOnIt() {
    int port = LocalPorts.freePort();
    try (LocalTemporalServer server = LocalTemporalServer.start(port)) {
      assertFalse(server.listenAddresses().isEmpty());
      for (SocketAddress address : server.listenAddresses()) {
        assertTrue(((InetSocketAddress) address).getAddress().isLoopbackAddress(), address.toString());
      }
      ClientConfigProfile profile = ClientConfigProfile.newBuilder().setAddress("localhost:" + port).build();
      try (TemporalConnection connection = TemporalConnection.connect(profile, null, Duration.ofSeconds(10))) {
        assertEquals(StickyExecution.OFF, StickyExecution.forServer(connection.stubs()));
      }
    }
  }
}
