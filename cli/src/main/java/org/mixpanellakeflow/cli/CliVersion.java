package org.mixpanellakeflow.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar manifest, or "development" when run from classes. */
final class CliVersion implements IVersionProvider {

  @Override
  public String[] getVersion() {
    String version = CliVersion.class.getPackage().getImplementationVersion();
    return new String[] {"mixpanel-lakeflow " + (version == null ? "development" : version)};
  }
}
