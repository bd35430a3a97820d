package dev.runshift.simulator.core;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/** The errors the simulated APIs answer with, worded like Google's and naming the field at fault. */
public final class ApiErrors {
  private ApiErrors() {}

  public static StatusRuntimeException invalidArgument(String field, String problem) {
    return Status.INVALID_ARGUMENT
        .withDescription("Invalid value for field '" + field + "': " + problem)
        .asRuntimeException();
  }

  public static StatusRuntimeException required(String field) {
    return invalidArgument(field, "required field is empty.");
  }

  public static StatusRuntimeException notFound(String message) {
    return Status.NOT_FOUND.withDescription(message).asRuntimeException();
  }

  public static StatusRuntimeException alreadyExists(String message) {
    return Status.ALREADY_EXISTS.withDescription(message).asRuntimeException();
  }

  public static StatusRuntimeException failedPrecondition(String message) {
    return Status.FAILED_PRECONDITION.withDescription(message).asRuntimeException();
  }

  public static StatusRuntimeException aborted(String message) {
    return Status.ABORTED.withDescription(message).asRuntimeException();
  }

  public static StatusRuntimeException unimplemented(String message) {
    return Status.UNIMPLEMENTED.withDescription(message).asRuntimeException();
  }
}
