package dev.runshift.cli;

import dev.runshift.cli.fleet.FleetCommand;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code runshift} command of the production worker: the worker itself and the operator's commands.
 * Subcommands read settings from {@link #env()} (the process environment, or a map a test gives), so that
 * nothing is read from hidden state. The local kit adds its own commands (demo, dev, sim, bench) through
 * {@link #commandLine(Map, List)}.
 */
@Command(
    name = "runshift",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Durable progressive delivery for Google Cloud Run, on Temporal.",
    subcommands = {
      WorkerCommand.class,
      DeployCommand.class,
      StatusCommand.class,
      ReleasesCommand.class,
      ReportCommand.class,
      PauseCommand.class,
      ResumeCommand.class,
      PromoteCommand.class,
      AbortCommand.class,
      ApproveCommand.class,
      RetryCommand.class,
      SkipCommand.class,
      FleetCommand.class,
      CompletionCommand.class
    })
public final class RunshiftCli implements Runnable {
  private final Map<String, String> env;

  @Spec CommandSpec spec;

  @Option(
      names = "--verbose",
      scope = ScopeType.INHERIT,
      description = "Print stack traces with errors.")
  boolean verbose;

  RunshiftCli(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  /** A command line over {@code env}, with Runshift's one-line error reporting installed. */
  public static CommandLine commandLine(Map<String, String> env) {
    return commandLine(env, List.of());
  }

  /**
   * The command line with {@code extraCommands} (picocli {@code @Command} classes or instances) added as
   * subcommands after the operator's, before {@code help}.
   */
  public static CommandLine commandLine(Map<String, String> env, List<Object> extraCommands) {
    RunshiftCli root = new RunshiftCli(env);
    CommandLine cl = new CommandLine(root);
    for (Object command : extraCommands) {
      cl.addSubcommand(command);
    }
    cl.addSubcommand(new HelpCommand()); // last: picocli lists subcommands as added
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setExecutionExceptionHandler(new ErrorReporter(root));
    addHelpOptions(cl);
    cl.getSubcommands().get("deploy").getCommandSpec().usageMessage()
        .exitCodeListHeading("%nExit codes (--wait; without it: 0, 1 or 2):%n")
        .exitCodeList(OutcomeExit.usageList());
    cl.getSubcommands().get("status").getCommandSpec().usageMessage()
        .exitCodeListHeading("%nExit codes (--watch; without it: 0, 1 or 2):%n")
        .exitCodeList(OutcomeExit.usageList(OutcomeExit.WATCH));
    return cl;
  }

  /**
   * Every subcommand takes {@code -h/--help} (picocli then skips the required-parameter checks), unless
   * it already declares its own.
   */
  private static void addHelpOptions(CommandLine command) {
    for (CommandLine sub : command.getSubcommands().values()) {
      boolean hasHelp = sub.getCommandSpec().options().stream().anyMatch(o -> o.usageHelp());
      if (!hasHelp) {
        sub.getCommandSpec().addOption(picocli.CommandLine.Model.OptionSpec.builder("-h", "--help")
            .usageHelp(true).description("Show this help and exit.").build());
      }
      addHelpOptions(sub);
    }
  }

  /** Settings: the process environment, or what a test passed. */
  public Map<String, String> env() {
    return env;
  }

  public boolean verbose() {
    return verbose;
  }

  /** Who asks, for the release's record: {@code cli:$USER} (or USERNAME, else the JVM's user name). */
  String operator() {
    String user = env.getOrDefault("USER", env.get("USERNAME"));
    if (user == null || user.isBlank()) {
      user = System.getProperty("user.name", "unknown");
    }
    return "cli:" + user;
  }

  /**
   * Where a followed release's progress goes: redrawn in place on a terminal, one line per change
   * otherwise (CI logs, pipes, files; also when TERM=dumb).
   */
  ProgressView progressView(java.io.PrintWriter out, boolean fullStatus) {
    boolean terminal = System.console() != null && !"dumb".equals(env.get("TERM"));
    return terminal ? ProgressView.terminal(out, fullStatus, TerminalWidth.columns(env)) : ProgressView.lines(out);
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
