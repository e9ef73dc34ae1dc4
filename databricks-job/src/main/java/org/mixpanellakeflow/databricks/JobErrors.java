package org.mixpanellakeflow.databricks;

import java.util.List;
import org.mixpanellakeflow.connector.UserErrors;

/**
 * The error a user can act on ({@link UserErrors}), as the command line finds it, with the job's
 * own kind, in one line for the run page.
 */
final class JobErrors {

  private static final List<Class<? extends Throwable>> OURS = List.of(JobArgumentException.class);

  private JobErrors() {}

  /** One line: the innermost message of ours, else the root cause's type and first line. */
  static String describe(Throwable error) {
    return UserErrors.firstLine(UserErrors.describe(error, OURS));
  }

  /** 2 for a problem the user must fix (parameters, files, options, credentials), 1 otherwise. */
  static int exitCode(Throwable error) {
    return UserErrors.innermostOwn(error, OURS) != null ? 2 : 1;
  }
}
