package dev.runshift.simulator.monitoring;

import com.google.monitoring.v3.Aggregation;
import com.google.monitoring.v3.ListTimeSeriesRequest;
import com.google.monitoring.v3.ListTimeSeriesResponse;
import com.google.monitoring.v3.MetricServiceGrpc;
import com.google.monitoring.v3.TimeSeries;
import dev.runshift.simulator.core.ApiErrors;
import dev.runshift.simulator.core.ProjectNumbers;
import dev.runshift.simulator.core.Rpc;
import dev.runshift.simulator.core.SimContext;
import dev.runshift.simulator.core.Timestamps;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code google.monitoring.v3.MetricService/ListTimeSeries} for Cloud Run's request metrics (see
 * {@link CloudRunMetrics}, {@link MetricFilter}, {@link Aggregator}). Series are ordered by their labels
 * and paged by {@code page_size} (offset tokens). Other metric types answer no series. The other
 * MetricService methods answer UNIMPLEMENTED.
 */
final class MetricServiceImpl extends MetricServiceGrpc.MetricServiceImplBase {
  private static final Pattern PROJECT = Pattern.compile("projects/([^/]+)");

  private final SimContext context;
  private final ServingHistory history;
  private final RequestModel model;

  MetricServiceImpl(SimContext context, ServingHistory history) {
    this.context = context;
    this.history = history;
    this.model = new RequestModel(context.config().seed(), context.images());
  }

  @Override
  public void listTimeSeries(ListTimeSeriesRequest request, StreamObserver<ListTimeSeriesResponse> response) {
    Rpc.answer(response, () -> list(request));
  }

  private ListTimeSeriesResponse list(ListTimeSeriesRequest request) {
    if (request.getName().isEmpty()) {
      throw ApiErrors.required("name");
    }
    Matcher m = PROJECT.matcher(request.getName());
    if (!m.matches()) {
      throw ApiErrors.invalidArgument("name",
          "'" + request.getName() + "' is not a valid resource name; expected projects/{project_id_or_number}.");
    }
    MetricFilter filter = MetricFilter.parse(request.getFilter());
    if (!request.hasInterval() || !request.getInterval().hasEndTime()) {
      throw ApiErrors.required("interval.end_time");
    }
    Instant end = Timestamps.toInstant(request.getInterval().getEndTime());
    Instant start = request.getInterval().hasStartTime()
        ? Timestamps.toInstant(request.getInterval().getStartTime()) : end;
    if (start.isAfter(end)) {
      throw ApiErrors.invalidArgument("interval.start_time", "must not be later than interval.end_time.");
    }
    if (!request.getSecondaryAggregation().equals(Aggregation.getDefaultInstance())) {
      throw Status.UNIMPLEMENTED
          .withDescription("secondary_aggregation is not supported by the Runshift simulator.")
          .asRuntimeException();
    }
    String metricType = filter.required("metric.type").orElse("");
    String unit = CloudRunMetrics.unit(metricType);
    List<TimeSeries> series = new ArrayList<>();
    boolean resourceTypeOk = filter.required("resource.type").map(CloudRunMetrics.RESOURCE_TYPE::equals).orElse(
        filter.clauses().stream().noneMatch(c -> c.field().equals("resource.type")));
    if (CloudRunMetrics.isKnown(metricType) && resourceTypeOk) {
      String project = m.group(1);
      List<ServiceTimeline> timelines = history.timelines(null).stream()
          .filter(t -> t.project().equals(project) || project.equals(Long.toString(ProjectNumbers.of(t.project()))))
          .toList();
      Instant now = context.clock().now();
      Instant visibleUntil = now.minus(context.config().metricsDelay());
      List<TimeSeries> raw = CloudRunMetrics.raw(timelines, filter, metricType, start, end, visibleUntil,
          context.config().samplePeriod(), model);
      series.addAll(Aggregator.apply(raw, request.getAggregation(), end));
      if (!series.isEmpty()) {
        unit = series.get(0).getUnit();
      }
    }
    series.sort(Comparator.comparing(s -> s.getResource().getLabelsMap() + " " + s.getMetric().getLabelsMap()));
    List<TimeSeries> ordered = new ArrayList<>(series.size());
    for (TimeSeries s : series) {
      TimeSeries.Builder b = s.toBuilder().clearPoints();
      if (request.getView() == ListTimeSeriesRequest.TimeSeriesView.FULL) {
        // Cloud Monitoring answers the newest point first
        for (int i = s.getPointsCount() - 1; i >= 0; i--) {
          b.addPoints(s.getPoints(i));
        }
      }
      ordered.add(b.build());
    }
    int from = 0;
    if (!request.getPageToken().isEmpty()) {
      try {
        from = Integer.parseInt(request.getPageToken());
      } catch (NumberFormatException e) {
        from = -1;
      }
      if (from < 0 || from > ordered.size()) {
        throw ApiErrors.invalidArgument("page_token", "'" + request.getPageToken() + "' is not a token from this list.");
      }
    }
    int to = request.getPageSize() <= 0 ? ordered.size() : Math.min(ordered.size(), from + request.getPageSize());
    return ListTimeSeriesResponse.newBuilder()
        .addAllTimeSeries(ordered.subList(from, to))
        .setNextPageToken(to < ordered.size() ? Integer.toString(to) : "")
        .setUnit(unit)
        .build();
  }
}
