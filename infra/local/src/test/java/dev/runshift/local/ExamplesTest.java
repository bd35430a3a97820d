package dev.runshift.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runshift.ports.ImageRef;
import dev.runshift.config.PolicyFiles;
import dev.runshift.config.RoutingConfig;
import dev.runshift.config.RoutingConfigs;
import dev.runshift.config.ServiceTarget;
import dev.runshift.trigger.Router;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The files in {@code examples/} load, and say what the README and the local stack say. */
class ExamplesTest {
  private static final Path EXAMPLES = Path.of("..", "..", "examples");

  @Test
  void demoPolicyFileIsTheLocalPolicy() {
    assertEquals(LocalSettings.demo().policy().validated(), PolicyFiles.load(EXAMPLES.resolve("demo-policy.yaml")));
  }

  @Test
  void routesExampleRoutesHelloToTheLocalService() {
    RoutingConfig routes = RoutingConfigs.load(EXAMPLES.resolve("routes.yaml"));
    List<ServiceTarget> targets =
        new Router(routes).route(ImageRef.parse(LocalStack.DEMO_REPOSITORY + ":v2@sha256:" + "a".repeat(64)));
    assertEquals(1, targets.size());
    assertEquals(LocalStack.DEMO_SERVICE, targets.get(0).service());
    assertEquals(LocalSettings.demo().policy().validated(), targets.get(0).policy());

    List<ServiceTarget> checkout =
        new Router(routes).route(ImageRef.parse("us-docker.pkg.dev/my-project/apps/checkout:v1.2@sha256:" + "b".repeat(64)));
    assertEquals(2, checkout.size());
    assertTrue(new Router(routes).route(ImageRef.parse("us-docker.pkg.dev/my-project/apps/checkout:dev")).isEmpty());
    assertEquals(List.of("audit"), routes.notifiersOf(checkout.get(0).service()).stream().map(n -> n.name()).toList());
    assertTrue(routes.notifiersOf(LocalStack.DEMO_SERVICE).isEmpty());
  }
}
