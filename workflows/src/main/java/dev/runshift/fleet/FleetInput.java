package dev.runshift.fleet;

/** A fleet run's input: the request, and the carried state (null for the first run). */
public record FleetInput(FleetRequest request, FleetState state) {

  public static FleetInput start(FleetRequest request) {
    return new FleetInput(request, null);
  }
}
