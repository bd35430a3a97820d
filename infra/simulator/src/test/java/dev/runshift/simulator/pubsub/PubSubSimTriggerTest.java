package dev.runshift.simulator.pubsub;

import dev.runshift.simulator.Simulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The trigger contract against the simulator's Pub/Sub. */
class PubSubSimTriggerTest extends PubSubTriggerContract {
  private static Simulator sim;

  @BeforeAll
  static void startSimulator() {
    sim = Simulator.start();
  }

  @AfterAll
  static void stopSimulator() {
    sim.close();
    sim.pubSub().close();
    sim.cloudBuild().close();
  }

  @Override
  String endpoint() {
    return sim.endpoint();
  }
}
