package dev.runshift.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code runshift completion bash|zsh}: prints the shell completion script for every command and option
 * (picocli's {@link AutoComplete}; the one script serves bash and, through bashcompinit, zsh).
 */
@Command(
    name = "completion",
    header = "Print the shell completion script (bash or zsh).",
    description = "bash: source <(runshift completion bash)   (or save it under /etc/bash_completion.d/)%n"
        + "zsh:  source <(runshift completion zsh)    (in ~/.zshrc)")
public final class CompletionCommand implements Callable<Integer> {
  /** The shells the script works in. */
  enum Shell { bash, zsh }

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "SHELL", description = "bash or zsh.")
  Shell shell;

  @Override
  public Integer call() {
    spec.commandLine().getOut().print(AutoComplete.bash("runshift", spec.root().commandLine()));
    spec.commandLine().getOut().flush();
    return 0;
  }
}
