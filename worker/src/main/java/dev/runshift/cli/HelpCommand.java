package dev.runshift.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help;
import picocli.CommandLine.IHelpCommandInitializable2;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/**
 * {@code runshift help [COMMAND [SUBCOMMAND…]]}: the help of the command the whole path names
 * ({@code runshift help fleet start} is {@code fleet start}'s), where picocli's own help command only
 * looks at the first name.
 */
@Command(
    name = "help",
    helpCommand = true,
    description = "Show the help of a command, e.g. `runshift help fleet start`.")
final class HelpCommand implements IHelpCommandInitializable2, Runnable {
  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean help;

  @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "The command, and its subcommands.")
  String[] path = {};

  private CommandLine self;
  private Help.ColorScheme colors;
  private PrintWriter out;

  @Override
  public void init(CommandLine helpCommandLine, Help.ColorScheme colorScheme, PrintWriter out, PrintWriter err) {
    this.self = helpCommandLine;
    this.colors = colorScheme;
    this.out = out;
  }

  @Override
  public void run() {
    CommandLine target = self.getParent();
    for (String name : path) {
      CommandLine sub = target.getSubcommands().get(name);
      if (sub == null) {
        throw new ParameterException(self, "Unknown subcommand '" + name + "' of '"
            + target.getCommandSpec().qualifiedName() + "'. Its subcommands: "
            + String.join(", ", target.getSubcommands().keySet()));
      }
      target = sub;
    }
    target.usage(out, colors);
  }
}
