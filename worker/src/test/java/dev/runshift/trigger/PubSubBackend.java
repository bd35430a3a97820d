package dev.runshift.trigger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A Pub/Sub server the trigger tests talk to over plaintext gRPC: an endpoint given in
 * {@code RUNSHIFT_PUBSUB_ENDPOINT} (e.g. the simulator), or the official emulator started as a child
 * process on a free port and stopped (that process only) on close.
 */
interface PubSubBackend extends AutoCloseable {

  /** Where the Google Cloud CLI installs the emulator; {@code -Drunshift.pubsubEmulatorHome} overrides. */
  String EMULATOR_HOME =
      System.getProperty("runshift.pubsubEmulatorHome", "/usr/lib/google-cloud-sdk/platform/pubsub-emulator");

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

  /** The emulator's jar, if the Google Cloud CLI's emulator component is installed. */
  static Optional<Path> emulatorJar() {
    Path lib = Path.of(EMULATOR_HOME, "lib");
    if (!Files.isDirectory(lib)) {
      return Optional.empty();
    }
    try (DirectoryStream<Path> jars = Files.newDirectoryStream(lib, "cloud-pubsub-emulator-*.jar")) {
      for (Path jar : jars) {
        return Optional.of(jar);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Optional.empty();
  }

  /** Starts the emulator the way its bin/ script does ({@code java -jar <jar> --host --port}). */
  static PubSubBackend startEmulator(Path jar, Path logFile) {
    int port = freePort();
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    ProcessBuilder builder =
        new ProcessBuilder(java.toString(), "-jar", jar.toString(), "--host=127.0.0.1", "--port=" + port)
            .redirectErrorStream(true)
            .redirectOutput(logFile.toFile());
    Process process;
    try {
      Files.createDirectories(logFile.getParent());
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("could not start the Pub/Sub emulator " + jar, e);
    }
    String endpoint = "127.0.0.1:" + port;
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    while (!accepts(port)) {
      if (!process.isAlive() || Instant.now().isAfter(deadline)) {
        stop(process);
        throw new IllegalStateException("Pub/Sub emulator did not start on " + endpoint + "; see " + logFile);
      }
      sleep(100);
    }
    return new PubSubBackend() {
      @Override
      public String endpoint() {
        return endpoint;
      }

      @Override
      public String description() {
        return "official Pub/Sub emulator " + jar.getFileName() + " at " + endpoint + " (pid " + process.pid() + ")";
      }

      @Override
      public void close() {
        stop(process);
      }
    };
  }

  private static void stop(Process process) {
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean accepts(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
