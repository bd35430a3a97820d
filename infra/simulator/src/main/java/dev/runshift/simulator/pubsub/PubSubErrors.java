package dev.runshift.simulator.pubsub;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/** The errors the Pub/Sub services answer with, each naming the offending field. */
final class PubSubErrors {
  private PubSubErrors() {}

  static StatusRuntimeException invalidArgument(String field, String problem) {
    return Status.INVALID_ARGUMENT.withDescription(field + ": " + problem).asRuntimeException();
  }

  static StatusRuntimeException notFound(String kind, String name) {
    return Status.NOT_FOUND.withDescription(kind + " not found (resource=" + name + ")").asRuntimeException();
  }

  static StatusRuntimeException alreadyExists(String kind, String name) {
    return Status.ALREADY_EXISTS.withDescription(kind + " already exists (resource=" + name + ")")
        .asRuntimeException();
  }

  static StatusRuntimeException unimplemented(String field, String problem) {
    return Status.UNIMPLEMENTED.withDescription(field + ": " + problem).asRuntimeException();
  }
}
