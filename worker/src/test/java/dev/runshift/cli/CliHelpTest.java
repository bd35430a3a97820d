package dev.runshift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Help as a new user asks for it: every command, both ways ({@code X Y --help} and {@code help X Y}). */
public class CliHelpTest {

  @Test
  void everyCommandShowsItsOwnHelpBothWaysWithoutWarnings() {
    List<List<String>> paths = assertEveryCommandShowsItsOwnHelp(() -> RunshiftCli.commandLine(Map.of()));
    assertTrue(paths.stream().anyMatch(p -> p.equals(List.of("fleet", "schedule", "create"))), paths.toString());
  }

  /**
   * Runs {@code X Y --help} and {@code help X Y} for every command path of the command lines {@code cli}
   * makes: both exit 0 with the same usage of that very command, and picocli prints no warning. Returns the
   * paths.
   */
  public static List<List<String>> assertEveryCommandShowsItsOwnHelp(Supplier<CommandLine> cli) {
    List<List<String>> paths = new ArrayList<>();
    collect(cli.get(), new ArrayList<>(), paths);

    PrintStream stderr = System.err;
    ByteArrayOutputStream warnings = new ByteArrayOutputStream();
    System.setErr(new PrintStream(warnings, true, StandardCharsets.UTF_8));
    try {
      for (List<String> path : paths) {
        String usage = "Usage: runshift " + String.join(" ", path);
        List<String> args = new ArrayList<>(path);
        args.add("--help");
        CliRun flag = CliRun.run(cli.get(), args.toArray(String[]::new));
        assertEquals(0, flag.exitCode(), args + "\n" + flag);
        assertTrue(flag.out().lines().anyMatch(l -> l.startsWith(usage)), args + "\n" + flag);

        List<String> helpArgs = new ArrayList<>(List.of("help"));
        helpArgs.addAll(path);
        CliRun help = CliRun.run(cli.get(), helpArgs.toArray(String[]::new));
        assertEquals(0, help.exitCode(), helpArgs + "\n" + help);
        assertEquals(flag.out(), help.out(), helpArgs + " shows the same help as " + args);
      }
    } finally {
      System.setErr(stderr);
    }
    assertFalse(warnings.toString(StandardCharsets.UTF_8).contains("picocli WARN"), warnings.toString());
    return paths;
  }

  @Test
  void helpOfAnUnknownSubcommandSaysWhichExist() {
    CliRun r = CliRun.run(Map.of(), "help", "fleet", "strat");
    assertEquals(2, r.exitCode(), r.toString());
    assertTrue(r.err().contains("Unknown subcommand 'strat' of 'runshift fleet'"), r.toString());
    assertTrue(r.err().contains("start"), r.toString());
  }

  @Test
  void deployAndStatusHelpListTheExitCodes() {
    String deploy = CliRun.run(Map.of(), "deploy", "--help").out();
    String status = CliRun.run(Map.of(), "status", "--help").out();
    for (OutcomeExit e : OutcomeExit.values()) {
      String line = String.format("%2d", e.code()) + "   " + e.meaning().substring(0, 20);
      assertTrue(deploy.contains(line), "deploy lists " + e + ":\n" + deploy);
      assertEquals(OutcomeExit.WATCH.contains(e), status.contains(line), "status lists only what --watch ends with: "
          + e + "\n" + status);
    }
  }

  @Test
  void completionPrintsOneScriptForBashAndZsh() {
    CliRun bash = CliRun.run(Map.of(), "completion", "bash");
    assertEquals(0, bash.exitCode(), bash.toString());
    assertTrue(bash.out().contains("complete -F _complete_runshift"), bash.out().lines().limit(20).toList().toString());
    assertTrue(bash.out().contains("--wait"), "options are completed");
    assertTrue(bash.out().contains("schedule"), "nested subcommands are completed");
    CliRun zsh = CliRun.run(Map.of(), "completion", "zsh");
    assertEquals(0, zsh.exitCode(), zsh.toString());
    assertTrue(zsh.out().contains("bashcompinit"), "zsh loads it through bashcompinit");

    CliRun fish = CliRun.run(Map.of(), "completion", "fish");
    assertEquals(2, fish.exitCode(), fish.toString());
  }

  private static void collect(CommandLine command, List<String> prefix, List<List<String>> paths) {
    for (Map.Entry<String, CommandLine> sub : command.getSubcommands().entrySet()) {
      if (!sub.getKey().equals(sub.getValue().getCommandName())) {
        continue; // an alias
      }
      List<String> path = new ArrayList<>(prefix);
      path.add(sub.getKey());
      paths.add(path);
      collect(sub.getValue(), path, paths);
    }
  }
}
