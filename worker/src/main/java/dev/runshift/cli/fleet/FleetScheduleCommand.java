package dev.runshift.cli.fleet;

import dev.runshift.cli.CliException;
import dev.runshift.cli.TemporalOptions;
import dev.runshift.fleet.FleetRequest;
import dev.runshift.fleet.FleetSchedule;
import dev.runshift.fleet.FleetWorkflows;
import dev.runshift.worker.TemporalConnection;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowStub;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleClientOptions;
import io.temporal.client.schedules.ScheduleHandle;
import io.temporal.client.schedules.ScheduleOptions;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code runshift fleet schedule create|pause|unpause|trigger|delete}: recurring fleets as Temporal
 * Schedules. Where the server has no Schedules API (Temporal's embedded test server, as in
 * {@code runshift dev}), {@code create --cron-workflow} starts a cron workflow instead.
 */
@Command(
    name = "schedule",
    description = "Recurring fleet redeploys (Temporal Schedules, or a cron workflow).",
    subcommands = {
      FleetScheduleCommand.Create.class,
      FleetScheduleCommand.Pause.class,
      FleetScheduleCommand.Unpause.class,
      FleetScheduleCommand.Trigger.class,
      FleetScheduleCommand.Delete.class
    })
public final class FleetScheduleCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  static final String NO_SCHEDULES =
      "this Temporal server does not implement Schedules (Temporal's embedded test server, e.g. `runshift dev`,"
          + " does not); run the fleet as a cron workflow instead: add --cron-workflow";

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return 0;
  }

  static ScheduleClient schedules(TemporalConnection connection) {
    return ScheduleClient.newInstance(
        connection.stubs(),
        ScheduleClientOptions.newBuilder().setNamespace(connection.namespace()).build());
  }

  /** True if {@code e} (or a cause) is the server saying it does not implement the call. */
  static boolean unimplemented(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof StatusRuntimeException s && s.getStatus().getCode() == Status.Code.UNIMPLEMENTED) {
        return true;
      }
    }
    return false;
  }

  @Command(name = "create", description = "Create a schedule that starts the fleet at each cron time.")
  public static final class Create implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin TemporalOptions temporal;
    @Mixin FleetDefinition definition;

    @Option(names = "--id", required = true, description = "Schedule id (each run's workflow id is fleet-ID…).")
    String id;

    @Option(names = "--cron", required = true, paramLabel = "EXPR", description = "5-field cron, e.g. \"0 3 * * 1-5\".")
    String cron;

    @Option(names = "--timezone", paramLabel = "ZONE", description = "IANA time zone (default: UTC).")
    String timeZone;

    @Option(names = "--overlap", defaultValue = "SKIP", description = "When a run is still going: SKIP (default), BUFFER_ONE, BUFFER_ALL, CANCEL_OTHER, TERMINATE_OTHER, ALLOW_ALL.")
    String overlap;

    @Option(names = "--cron-workflow", description = "Start a cron workflow instead of a Schedule (for servers without Schedules).")
    boolean cronWorkflow;

    @Override
    public Integer call() {
      FleetRequest request = definition.request(FleetCli.env(spec));
      FleetSchedule schedule;
      try {
        schedule = new FleetSchedule(id, cron, timeZone, overlapPolicy(overlap), request, "runshift fleet " + id);
      } catch (IllegalArgumentException e) {
        throw new CliException(e.getMessage(), e);
      }
      try (TemporalConnection connection = temporal.connect(FleetCli.env(spec))) {
        if (cronWorkflow) {
          String expression = timeZone == null ? cron.trim() : "CRON_TZ=" + timeZone + " " + cron.trim();
          try {
            FleetWorkflows.start(connection.client(), FleetWorkflows.cronOptions(id, expression), request);
          } catch (WorkflowExecutionAlreadyStarted e) {
            throw new CliException("a fleet with id " + id + " is already running", e);
          }
          spec.commandLine().getOut().printf("cron workflow %s started: %s%n", FleetWorkflows.workflowId(id), expression);
        } else {
          try {
            schedules(connection).createSchedule(id, schedule.schedule(), ScheduleOptions.newBuilder().build());
          } catch (RuntimeException e) {
            if (unimplemented(e)) {
              throw new CliException(NO_SCHEDULES, e);
            }
            throw e;
          }
          spec.commandLine().getOut().printf("schedule %s created: %s%s%n", id, cron,
              timeZone == null ? " (UTC)" : " (" + timeZone + ")");
        }
      }
      spec.commandLine().getOut().flush();
      return 0;
    }

    private static ScheduleOverlapPolicy overlapPolicy(String name) {
      try {
        return ScheduleOverlapPolicy.valueOf("SCHEDULE_OVERLAP_POLICY_" + name.trim().toUpperCase());
      } catch (IllegalArgumentException e) {
        throw new CliException("unknown overlap policy " + name);
      }
    }
  }

  /** A command acting on an existing schedule by id. */
  abstract static class OnSchedule implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin TemporalOptions temporal;

    @Parameters(index = "0", paramLabel = "ID") String id;

    abstract String done();

    abstract Consumer<ScheduleHandle> action();

    /** What to do instead for a cron-workflow fleet; null: not applicable. */
    Consumer<WorkflowClient> onCronWorkflow() {
      return null;
    }

    @Option(names = "--cron-workflow", description = "Act on the cron workflow fleet of this id instead of a Schedule.")
    boolean cronWorkflow;

    @Override
    public Integer call() {
      try (TemporalConnection connection = temporal.connect(FleetCli.env(spec))) {
        if (cronWorkflow) {
          Consumer<WorkflowClient> alt = onCronWorkflow();
          if (alt == null) {
            throw new CliException("a cron workflow cannot do that; only delete applies (it stops the cron fleet)");
          }
          FleetCli.onFleet(id, () -> {
            alt.accept(connection.client());
            return null;
          });
        } else {
          try {
            action().accept(schedules(connection).getHandle(id));
          } catch (RuntimeException e) {
            if (unimplemented(e)) {
              throw new CliException(NO_SCHEDULES.replace("add --cron-workflow", "pass --cron-workflow"), e);
            }
            throw e;
          }
        }
      }
      spec.commandLine().getOut().printf("schedule %s %s%n", id, done());
      spec.commandLine().getOut().flush();
      return 0;
    }
  }

  @Command(name = "pause", description = "Pause a schedule (no new runs).")
  public static final class Pause extends OnSchedule {
    String done() {
      return "paused";
    }

    Consumer<ScheduleHandle> action() {
      return h -> h.pause("paused by runshift");
    }
  }

  @Command(name = "unpause", description = "Unpause a schedule.")
  public static final class Unpause extends OnSchedule {
    String done() {
      return "unpaused";
    }

    Consumer<ScheduleHandle> action() {
      return h -> h.unpause("unpaused by runshift");
    }
  }

  @Command(name = "trigger", description = "Start a run of the schedule now.")
  public static final class Trigger extends OnSchedule {
    String done() {
      return "triggered";
    }

    Consumer<ScheduleHandle> action() {
      return ScheduleHandle::trigger;
    }
  }

  @Command(name = "delete", description = "Delete a schedule (or, with --cron-workflow, stop the cron fleet).")
  public static final class Delete extends OnSchedule {
    String done() {
      return "deleted";
    }

    Consumer<ScheduleHandle> action() {
      return ScheduleHandle::delete;
    }

    @Override
    Consumer<WorkflowClient> onCronWorkflow() {
      return client -> WorkflowStub.fromTyped(FleetWorkflows.stub(client, id)).terminate("cron fleet deleted");
    }
  }
}
