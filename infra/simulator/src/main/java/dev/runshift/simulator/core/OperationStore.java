package dev.runshift.simulator.core;

import com.google.longrunning.Operation;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Long-running operations shared by every API the simulator serves (Cloud Run and Cloud Build clients
 * both poll {@code google.longrunning.Operations} on the same endpoint). An operation's state is computed
 * on each read from the simulator clock, so no background thread is needed to complete it.
 */
public final class OperationStore {
  private final Map<String, Supplier<Operation>> operations = new ConcurrentHashMap<>();

  /** Registers operation {@code name}; {@code current} returns its state as of now (name included). */
  public void register(String name, Supplier<Operation> current) {
    operations.put(name, current);
  }

  public Optional<Operation> get(String name) {
    Supplier<Operation> s = operations.get(name);
    return s == null ? Optional.empty() : Optional.of(s.get());
  }

  public boolean remove(String name) {
    return operations.remove(name) != null;
  }
}
