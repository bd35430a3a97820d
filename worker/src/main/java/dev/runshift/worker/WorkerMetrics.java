package dev.runshift.worker;

import com.uber.m3.tally.RootScopeBuilder;
import com.uber.m3.tally.Scope;
import com.uber.m3.tally.ScopeCloseException;
import com.uber.m3.util.Duration;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.temporal.common.reporter.MicrometerClientStatsReporter;

/**
 * The worker's metrics in Prometheus form: Temporal's SDK metrics (task queue polls, workflow and
 * activity task latencies, failures, sticky cache) reported through a tally scope into Micrometer, plus
 * JVM metrics. Pass {@link #temporalScope()} to the service stubs options.
 */
public final class WorkerMetrics implements AutoCloseable {
  private final PrometheusMeterRegistry registry;
  private final JvmGcMetrics gc;
  private final Scope scope;

  /** Reports Temporal's metrics into the registry every 10 seconds. */
  public WorkerMetrics() {
    this(java.time.Duration.ofSeconds(10));
  }

  public WorkerMetrics(java.time.Duration reportEvery) {
    this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    this.gc = new JvmGcMetrics();
    gc.bindTo(registry);
    this.scope =
        new RootScopeBuilder()
            .reporter(new MicrometerClientStatsReporter(registry))
            .reportEvery(Duration.ofMillis(reportEvery.toMillis()));
  }

  /** The tally scope Temporal reports into. */
  public Scope temporalScope() {
    return scope;
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** The Prometheus text exposition of every metric. */
  public String scrape() {
    return registry.scrape();
  }

  @Override
  public void close() {
    try {
      scope.close();
    } catch (ScopeCloseException e) {
      // Nothing left to report to: the registry closes next.
    }
    gc.close();
    registry.close();
  }
}
