package org.mixpanellakeflow.databricks;

import java.util.IdentityHashMap;
import java.util.Map;
import org.mixpanellakeflow.client.MixpanelException;
import org.mixpanellakeflow.connect.LakeflowException;

/**
 * Finds the error a user can act on, as the command line does: Spark wraps a failure on an
 * executor several times (SparkException, StreamingQueryException), and the message worth showing
 * on the run page is that of the innermost exception of ours, which names the cause and the fix.
 * Our messages never carry secrets.
 */
final class JobErrors {

  private JobErrors() {}

  /** One line: the innermost message of ours, else the root cause's type and first line. */
  static String describe(Throwable error) {
    Throwable ours = innermostOwn(error);
    if (ours != null) {
      return firstLine(ours.getMessage());
    }
    Throwable root = error;
    Map<Throwable, Boolean> seen = new IdentityHashMap<>();
    while (root.getCause() != null && seen.put(root, Boolean.TRUE) == null) {
      root = root.getCause();
    }
    String message = root.getMessage();
    return root.getClass().getSimpleName() + (message == null ? "" : ": " + firstLine(message));
  }

  /** 2 for a problem the user must fix (parameters, files, options, credentials), 1 otherwise. */
  static int exitCode(Throwable error) {
    return innermostOwn(error) != null ? 2 : 1;
  }

  private static Throwable innermostOwn(Throwable error) {
    Throwable found = null;
    Map<Throwable, Boolean> seen = new IdentityHashMap<>();
    for (Throwable t = error; t != null && seen.put(t, Boolean.TRUE) == null; t = t.getCause()) {
      if (t instanceof MixpanelException
          || t instanceof LakeflowException
          || t instanceof JobArgumentException) {
        found = t;
      }
    }
    return found;
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
