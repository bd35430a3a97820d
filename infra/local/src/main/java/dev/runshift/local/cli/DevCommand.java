package dev.runshift.local.cli;

import dev.runshift.cli.Logging;
import dev.runshift.cli.RunshiftCli;
import dev.runshift.cli.CliException;
import dev.runshift.cli.UserErrors;
import dev.runshift.config.RoutingConfig;
import dev.runshift.config.RoutingConfigs;
import dev.runshift.local.LocalPorts;
import dev.runshift.local.LocalSettings;
import dev.runshift.local.LocalStack;
import dev.runshift.simulator.run.CloudRunSim;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code runshift dev}: the demo's stack, left running for other {@code runshift} commands in another
 * terminal. It prints every address; nothing is saved anywhere.
 */
@Command(name = "dev", description = "Run Temporal, the Google Cloud simulator, a worker and the trigger locally until Ctrl-C.")
public final class DevCommand implements Callable<Integer> {
  static final String HELLO_V1 = LocalStack.DEMO_REPOSITORY + "@sha256:" + "1".repeat(64);
  static final String HELLO_V2 = LocalStack.DEMO_REPOSITORY + "@sha256:" + "2".repeat(64);
  static final String HELLO_V3 = LocalStack.DEMO_REPOSITORY + "@sha256:" + "3".repeat(64);

  @ParentCommand RunshiftCli root;
  @Spec CommandSpec spec;

  @Option(names = "--temporal-port", defaultValue = "7233", description = "Temporal frontend port (default: 7233).")
  int temporalPort;

  @Option(
      names = "--temporal-address",
      paramLabel = "HOST:PORT",
      description = "Use this Temporal server (namespace default), e.g. `temporal server start-dev` with its Web UI,"
          + " instead of the embedded test server; --temporal-port is then unused.")
  String temporalAddress;

  @Option(names = "--sim-port", defaultValue = "8681", description = "Simulator gRPC port (default: 8681).")
  int simPort;

  @Option(names = "--control-port", defaultValue = "8682", description = "Simulator control API port (default: 8682).")
  int controlPort;

  @Option(names = "--config", paramLabel = "FILE", description = "Routing config for built images (default: hello's demo route).")
  Path config;

  @Override
  public Integer call() throws InterruptedException {
    Logging.quietUnless(root.verbose());
    LocalSettings settings = LocalSettings.demo();
    RoutingConfig routing = config == null ? LocalStack.demoRoutes(settings) : RoutingConfigs.load(config);
    LocalStack stack;
    try {
      stack = LocalStack.start(settings, new LocalPorts(temporalPort, simPort, controlPort), routing, temporalAddress);
    } catch (RuntimeException e) {
      throw new CliException("cannot start the local stack: " + UserErrors.describe(e), e);
    }
    var hello = LocalStack.DEMO_SERVICE;
    stack.simulator().cloudRun().createService(hello.project(), hello.region(), hello.service(), HELLO_V1);
    stack.simulator().cloudRun().setRequestRate(
        CloudRunSim.serviceName(hello.project(), hello.region(), hello.service()), settings.simulator().defaultRequestRate());

    PrintWriter out = spec.commandLine().getOut();
    out.println("Runshift dev stack running (Ctrl-C to stop).");
    LocalBanner.printStack(stack, out);
    LocalBanner.printTimings(settings, out);
    out.printf("%n   service %s serves %s at 100%%%n", hello, HELLO_V1);
    out.printf("%nIn another terminal (these are the defaults, shown so nothing is hidden):%n");
    out.printf("   export TEMPORAL_ADDRESS=%s RUNSHIFT_SIM=%s RUNSHIFT_PROJECT=%s RUNSHIFT_REGION=%s%n",
        stack.temporalAddress(), stack.controlUrl(), LocalStack.PROJECT, LocalStack.REGION);
    out.printf("   ./runshift deploy --service hello --image %s --policy examples/demo-policy.yaml%n", HELLO_V2);
    out.println("   ./runshift status hello            # --json for scripts");
    out.println("   ./runshift pause hello --reason 'looking at logs'    # then: ./runshift resume hello");
    out.printf("   ./runshift sim image %s --error-rate 0.1    # a bad image ...%n", HELLO_V3);
    out.printf("   ./runshift deploy --service hello --image %s --policy examples/demo-policy.yaml    # ... rolled back%n", HELLO_V3);
    out.println("   ./runshift releases hello");
    out.printf("   ./runshift sim build %s:v4    # Cloud Build -> Pub/Sub -> trigger -> release%n", LocalStack.DEMO_REPOSITORY);
    out.println("   ./runshift sim calls --method UpdateService");
    out.flush();

    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      stack.close();
      stopped.countDown();
    }, "runshift-dev-shutdown"));
    stopped.await();
    return 0;
  }
}
