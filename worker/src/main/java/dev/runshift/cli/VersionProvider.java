package dev.runshift.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar manifest (the shaded jar), or {@code dev} when run from classes. */
final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String v = RunshiftCli.class.getPackage().getImplementationVersion();
    return new String[] {"runshift " + (v == null ? "dev" : v)};
  }
}
