package org.mixpanellakeflow.cli;

import java.util.List;
import org.mixpanellakeflow.connector.UserErrors;

/** The error a user can act on ({@link UserErrors}), with the command line's own kind. */
final class CliErrors {

  private static final List<Class<? extends Throwable>> OURS = List.of(CliException.class);

  private CliErrors() {}

  static String describe(Throwable error) {
    return UserErrors.describe(error, OURS);
  }

  /** 2 for a problem the user must fix (options, credentials, input), 1 for anything else. */
  static int exitCode(Throwable error) {
    return UserErrors.innermostOwn(error, OURS) != null ? 2 : 1;
  }
}
