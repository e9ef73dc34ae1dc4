package org.mixpanellakeflow.cli;

import java.util.IdentityHashMap;
import java.util.Map;
import org.mixpanellakeflow.client.MixpanelException;
import org.mixpanellakeflow.connect.LakeflowException;

/**
 * Finds the error a user can act on. Spark wraps a failure on an executor several times
 * (SparkException, StreamingQueryException); the message worth printing is that of the innermost
 * exception of ours, which names the cause and the fix.
 */
final class CliErrors {

  private CliErrors() {}

  static String describe(Throwable error) {
    Throwable ours = innermostOwn(error);
    if (ours != null) {
      return ours.getMessage();
    }
    Throwable root = error;
    Map<Throwable, Boolean> seen = new IdentityHashMap<>();
    while (root.getCause() != null && seen.put(root, Boolean.TRUE) == null) {
      root = root.getCause();
    }
    String message = root.getMessage();
    return root.getClass().getSimpleName() + (message == null ? "" : ": " + firstLine(message));
  }

  /** 2 for a problem the user must fix (options, credentials, input), 1 for anything else. */
  static int exitCode(Throwable error) {
    return innermostOwn(error) != null ? 2 : 1;
  }

  private static Throwable innermostOwn(Throwable error) {
    Throwable found = null;
    Map<Throwable, Boolean> seen = new IdentityHashMap<>();
    for (Throwable t = error; t != null && seen.put(t, Boolean.TRUE) == null; t = t.getCause()) {
      if (t instanceof MixpanelException || t instanceof LakeflowException || t instanceof CliException) {
        found = t;
      }
    }
    return found;
  }

  private static String firstLine(String message) {
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
