package dev.runshift.worker;

import com.uber.m3.tally.Scope;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.envconfig.ClientConfigProfile;
import io.temporal.envconfig.LoadClientConfigProfileOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;

/**
 * A checked connection to a Temporal namespace, configured the way every Temporal tool is: the
 * environment configuration profile ({@code TEMPORAL_ADDRESS}, {@code TEMPORAL_NAMESPACE}, {@code
 * TEMPORAL_API_KEY}, {@code TEMPORAL_TLS_*}, {@code TEMPORAL_PROFILE} and the {@code temporal.toml}
 * config file). Without any configuration it is {@code localhost:7233}, namespace {@code default}.
 */
public final class TemporalConnection implements AutoCloseable {
  /** Where a profile without an address points (the Temporal SDK's own default). */
  public static final String DEFAULT_ADDRESS = "127.0.0.1:7233";

  private final WorkflowServiceStubs stubs;
  private final WorkflowClient client;
  private final String address;
  private final String namespace;

  private TemporalConnection(WorkflowServiceStubs stubs, WorkflowClient client, String address, String namespace) {
    this.stubs = stubs;
    this.client = client;
    this.address = address;
    this.namespace = namespace;
  }

  /** Loads the profile from {@code env} (instead of the process environment) and the config file. */
  public static ClientConfigProfile loadProfile(Map<String, String> env) {
    try {
      return ClientConfigProfile.load(LoadClientConfigProfileOptions.newBuilder().setEnvOverrides(env).build());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the Temporal client configuration: " + e.getMessage(), e);
    }
  }

  /** {@code profile} with {@code address} and {@code namespace} replaced where they are not null. */
  public static ClientConfigProfile override(ClientConfigProfile profile, String address, String namespace) {
    ClientConfigProfile.Builder b = profile.toBuilder();
    if (address != null && !address.isBlank()) {
      b.setAddress(address);
    }
    if (namespace != null && !namespace.isBlank()) {
      b.setNamespace(namespace);
    }
    return b.build();
  }

  /**
   * Connects and checks that the server answers within {@code timeout}.
   *
   * @param metricsScope where the SDK reports its metrics, or null for none
   * @throws TemporalUnreachableException when the server does not answer
   */
  public static TemporalConnection connect(ClientConfigProfile profile, Scope metricsScope, Duration timeout) {
    WorkflowServiceStubsOptions.Builder stubsOptions =
        WorkflowServiceStubsOptions.newBuilder(profile.toWorkflowServiceStubsOptions());
    if (metricsScope != null) {
      stubsOptions.setMetricsScope(metricsScope);
    }
    WorkflowClientOptions clientOptions = profile.toWorkflowClientOptions();
    String address = addressOf(profile);
    String namespace = clientOptions.getNamespace();
    WorkflowServiceStubs stubs;
    try {
      stubs = WorkflowServiceStubs.newConnectedServiceStubs(stubsOptions.build(), timeout);
    } catch (RuntimeException e) {
      throw new TemporalUnreachableException(
          "Temporal is unreachable at " + address + " (" + rootMessage(e)
              + "); start one with `./runshift dev` or set TEMPORAL_ADDRESS",
          e);
    }
    return new TemporalConnection(stubs, WorkflowClient.newInstance(stubs, clientOptions), address, namespace);
  }

  public static String addressOf(ClientConfigProfile profile) {
    String a = profile.getAddress();
    return a == null || a.isBlank() ? DEFAULT_ADDRESS : a;
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String m = t.getMessage();
    return m == null ? t.getClass().getSimpleName() : m;
  }

  public WorkflowServiceStubs stubs() {
    return stubs;
  }

  public WorkflowClient client() {
    return client;
  }

  public String address() {
    return address;
  }

  public String namespace() {
    return namespace;
  }

  @Override
  public void close() {
    stubs.shutdown();
    if (!stubs.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS)) {
      stubs.shutdownNow();
    }
  }
}
