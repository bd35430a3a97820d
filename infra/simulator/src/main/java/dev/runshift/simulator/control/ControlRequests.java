package dev.runshift.simulator.control;

import java.util.Map;

/** The JSON bodies of control operations. */
final class ControlRequests {
  private ControlRequests() {}

  /**
   * How one image (exact reference) or a pattern of images (regular expression) behaves, on every service
   * or, with {@code service} (a full name, or a short one with {@code project} and {@code region}), on
   * that service only.
   */
  record ImageBehaviourRequest(
      String image,
      String pattern,
      Double errorRate,
      Double p50Ms,
      Double p99Ms,
      String readinessFailure,
      String service,
      String project,
      String region) {}

  /**
   * The request rate of a service ({@code name}, or {@code project}, {@code region}, {@code service}) from
   * {@code from} on (default now): {@code rps} requests per second, or, with {@code amplitude} and
   * {@code peakHourUtc}, a daily curve of mean {@code rps}.
   */
  record RateRequest(
      String name,
      String project,
      String region,
      String service,
      Double rps,
      Double amplitude,
      Double peakHourUtc,
      String from) {}

  /**
   * An error burst: in {@code [from, to)} the 5xx rate is {@code errorRate} on {@code service} (a full name,
   * or a short one with {@code project} and {@code region}), on {@code image}, or on image on service.
   */
  record BurstRequest(
      String service, String project, String region, String image, Double errorRate, String from, String to) {}

  /** A Cloud Run service: either {@code name} in full or {@code project}, {@code region}, {@code service}. */
  record ServiceRequest(
      String name,
      String project,
      String region,
      String service,
      String image,
      Map<String, Integer> traffic) {}

  /**
   * A fault on {@code method} (full, short, {@code Service/*} or {@code *}): the next {@code times} calls
   * fail, or each fails with probability {@code rate}, with gRPC status {@code code}; or calls wait
   * {@code latencyMs}.
   */
  record FaultRequest(String method, Integer times, Double rate, String code, String message, Long latencyMs) {}

  /**
   * A build of {@code image} ({@code repository:tag}) in {@code project}, as a Cloud Build trigger would
   * start it; {@code outcome} SUCCESS (default), FAILURE or TIMEOUT, with {@code logTail} for a failure.
   */
  record BuildRequest(String project, String image, java.util.List<String> tags, String outcome, String logTail) {}

  /** At most {@code perMinute} Cloud Run writes per minute in {@code region} ({@code *}: every region). */
  record QuotaRequest(String region, Integer perMinute) {}
}
