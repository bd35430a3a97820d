package dev.runshift.simulator.control;

/** A control request the simulator cannot carry out; answered with {@code status} and the message. */
public final class ControlException extends RuntimeException {
  private final int status;

  public ControlException(int status, String message) {
    super(message);
    this.status = status;
  }

  public static ControlException badRequest(String message) {
    return new ControlException(400, message);
  }

  public static ControlException notFound(String message) {
    return new ControlException(404, message);
  }

  public int status() {
    return status;
  }
}
