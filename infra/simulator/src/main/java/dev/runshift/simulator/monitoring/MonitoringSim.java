package dev.runshift.simulator.monitoring;

import dev.runshift.simulator.core.SimContext;
import dev.runshift.simulator.core.SimulatedApi;
import io.grpc.BindableService;
import java.util.List;

/**
 * Cloud Monitoring v3: {@code MetricService.ListTimeSeries} for Cloud Run's request_count and
 * request_latencies, computed on demand from what each service served ({@link ServingHistory}) through a
 * deterministic, seeded model ({@link RequestModel}).
 */
public final class MonitoringSim implements SimulatedApi {
  private final SimContext context;
  private final ServingHistory history;

  public MonitoringSim(SimContext context, ServingHistory history) {
    this.context = context;
    this.history = history;
  }

  @Override
  public List<BindableService> services() {
    return List.of(new MetricServiceImpl(context, history));
  }

  /**
   * What the model reads: every service of {@code project} (every project when null) as a timeline of
   * request rates and traffic, as of now.
   */
  public List<ServiceTimeline> timelines(String project) {
    return history.timelines(project);
  }

  /** The model behind the numbers, for tests that compare what the API answers with what it should. */
  public RequestModel model() {
    return new RequestModel(context.config().seed(), context.images());
  }
}
