package dev.runshift.simulator.cloudbuild;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/** The errors the Cloud Build service answers with, each naming the offending field. */
final class BuildErrors {
  private BuildErrors() {}

  static StatusRuntimeException invalidArgument(String field, String problem) {
    return Status.INVALID_ARGUMENT.withDescription("invalid " + field + ": " + problem).asRuntimeException();
  }

  static StatusRuntimeException notFound(String what) {
    return Status.NOT_FOUND.withDescription(what + " not found").asRuntimeException();
  }

  static StatusRuntimeException failedPrecondition(String problem) {
    return Status.FAILED_PRECONDITION.withDescription(problem).asRuntimeException();
  }
}
