package dev.runshift.simulator.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The official Pub/Sub emulator (shipped with the Google Cloud CLI in {@code platform/pubsub-emulator}) run
 * as a child process of the tests: its own JVM is started directly ({@code java -jar
 * cloud-pubsub-emulator-*.jar --host=localhost --port=N}), not through {@code gcloud beta emulators}, whose
 * wrapper leaves the emulator JVM running when stopped. {@link #close()} destroys exactly that process and
 * its descendants.
 *
 * <p>Where the emulator is looked for: {@code $RUNSHIFT_PUBSUB_EMULATOR_JAR} if set, else
 * {@code /usr/lib/google-cloud-sdk}, else the SDK root {@code gcloud info} reports. When it is missing,
 * {@link #startOrSkip()} skips the calling tests with the reason, unless {@code
 * RUNSHIFT_REQUIRE_PUBSUB_EMULATOR=1}, in which case it fails them.
 */
public final class PubSubEmulator implements AutoCloseable {
  public static final String REQUIRE_ENV = "RUNSHIFT_REQUIRE_PUBSUB_EMULATOR";
  public static final String JAR_ENV = "RUNSHIFT_PUBSUB_EMULATOR_JAR";
  private static final Path DEFAULT_SDK = Path.of("/usr/lib/google-cloud-sdk");
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);

  private final Process process;
  private final int port;
  private final Path log;

  private PubSubEmulator(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /** Why emulator tests cannot run here: the emulator is not installed where it is looked for. */
  public static final String MISSING = "Pub/Sub emulator not found (looked at $" + JAR_ENV + ", " + DEFAULT_SDK
      + "/platform/pubsub-emulator and the SDK root from `gcloud info`); install it with "
      + "`gcloud components install pubsub-emulator` or the google-cloud-cli-pubsub-emulator package";

  /**
   * Starts the emulator if it is installed; empty (with a line on stderr) if it is not — unless
   * {@value #REQUIRE_ENV}=1, which makes a missing emulator a test failure. A found emulator that does
   * not start is always a failure. Tests should then skip with {@code assumeTrue(present, MISSING)}.
   */
  public static Optional<PubSubEmulator> startIfInstalled() {
    Optional<Path> jar = locateJar();
    if (jar.isEmpty()) {
      if ("1".equals(System.getenv(REQUIRE_ENV))) {
        fail(MISSING + " — required because " + REQUIRE_ENV + "=1");
      }
      System.err.println("SKIPPING Pub/Sub emulator tests: " + MISSING);
      return Optional.empty();
    }
    return Optional.of(start(jar.get()));
  }

  /** {@link #startIfInstalled()}, skipping the calling tests (JUnit assumption) when it is missing. */
  public static PubSubEmulator startOrSkip() {
    Optional<PubSubEmulator> emulator = startIfInstalled();
    assumeTrue(emulator.isPresent(), MISSING);
    return emulator.get();
  }

  /** Starts the emulator from {@code jar} on a free port and waits until it accepts connections. */
  public static PubSubEmulator start(Path jar) {
    try {
      int port = freePort();
      Path log = Files.createTempFile("pubsub-emulator-", ".log");
      String java = ProcessHandle.current().info().command().orElse("java");
      Process process = new ProcessBuilder(
              java, "-jar", jar.toString(), "--host=localhost", "--port=" + port)
          .redirectErrorStream(true)
          .redirectOutput(log.toFile())
          .start();
      PubSubEmulator emulator = new PubSubEmulator(process, port, log);
      emulator.awaitListening();
      return emulator;
    } catch (IOException e) {
      throw new UncheckedIOException("could not start the Pub/Sub emulator from " + jar, e);
    }
  }

  /** The emulator's jar, if installed. */
  public static Optional<Path> locateJar() {
    String explicit = System.getenv(JAR_ENV);
    if (explicit != null && !explicit.isBlank()) {
      Path p = Path.of(explicit);
      return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
    }
    Optional<Path> fromDefault = jarUnder(DEFAULT_SDK);
    if (fromDefault.isPresent()) {
      return fromDefault;
    }
    return sdkRootFromGcloud().flatMap(PubSubEmulator::jarUnder);
  }

  public int port() {
    return port;
  }

  /** {@code localhost:PORT}. */
  public String endpoint() {
    return "localhost:" + port;
  }

  /** Stops the emulator process and everything it started. */
  @Override
  public void close() {
    List<ProcessHandle> descendants = process.descendants().toList();
    process.destroy();
    descendants.forEach(ProcessHandle::destroy);
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
  }

  private void awaitListening() {
    Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "Pub/Sub emulator exited with " + process.exitValue() + " before listening:\n" + logTail());
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("localhost", port), 500);
        return;
      } catch (IOException notYet) {
        sleep(200);
      }
    }
    close();
    throw new IllegalStateException(
        "Pub/Sub emulator did not listen on port " + port + " within " + STARTUP_TIMEOUT + ":\n" + logTail());
  }

  private String logTail() {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  private static Optional<Path> jarUnder(Path sdkRoot) {
    Path lib = sdkRoot.resolve("platform/pubsub-emulator/lib");
    if (!Files.isDirectory(lib)) {
      return Optional.empty();
    }
    try (Stream<Path> files = Files.list(lib)) {
      return files
          .filter(p -> p.getFileName().toString().matches("cloud-pubsub-emulator-.*\\.jar"))
          .sorted()
          .reduce((a, b) -> b);
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static Optional<Path> sdkRootFromGcloud() {
    try {
      Process gcloud = new ProcessBuilder("gcloud", "info", "--format=value(installation.sdk_root)")
          .redirectErrorStream(false)
          .start();
      gcloud.getOutputStream().close();
      if (!gcloud.waitFor(30, TimeUnit.SECONDS)) {
        gcloud.destroyForcibly();
        return Optional.empty();
      }
      String root = new String(gcloud.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      return gcloud.exitValue() == 0 && !root.isEmpty() ? Optional.of(Path.of(root)) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the Pub/Sub emulator", e);
    }
  }
}
