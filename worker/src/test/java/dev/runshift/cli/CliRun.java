package dev.runshift.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import picocli.CommandLine;

/** One {@code runshift} invocation with captured output, as a user would see it. */
public record CliRun(int exitCode, String out, String err) {

  /** The production CLI over {@code env}. */
  public static CliRun run(Map<String, String> env, String... args) {
    return run(RunshiftCli.commandLine(env), args);
  }

  /** {@code cl} run once with {@code args}. */
  public static CliRun run(CommandLine cl, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new CliRun(code, out.toString(), err.toString());
  }

  /** The error output's lines (without blank ones). */
  public String[] errLines() {
    return err.lines().filter(l -> !l.isBlank()).toArray(String[]::new);
  }

  @Override
  public String toString() {
    return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
  }
}
