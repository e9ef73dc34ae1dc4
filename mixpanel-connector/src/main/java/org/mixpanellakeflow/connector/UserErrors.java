package org.mixpanellakeflow.connector;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.mixpanellakeflow.client.MixpanelException;
import org.mixpanellakeflow.connect.LakeflowException;

/**
 * Finds the error a user can act on, for the command line and the Databricks job alike. Spark wraps
 * a failure on an executor several times (SparkException, StreamingQueryException); the message
 * worth showing is that of the innermost exception of ours (the client's, the contract's, or the
 * caller's own kinds), which names the cause and the fix. Our messages never carry secrets.
 */
public final class UserErrors {

  private UserErrors() {}

  /**
   * The innermost exception of ours in {@code error}'s cause chain, or {@code null}.
   *
   * @param callersOwn the caller's own exception types that also count as ours
   */
  public static Throwable innermostOwn(Throwable error, List<Class<? extends Throwable>> callersOwn) {
    Throwable found = null;
    Map<Throwable, Boolean> seen = new IdentityHashMap<>();
    for (Throwable t = error; t != null && seen.put(t, Boolean.TRUE) == null; t = t.getCause()) {
      if (t instanceof MixpanelException || t instanceof LakeflowException || isAny(t, callersOwn)) {
        found = t;
      }
    }
    return found;
  }

  /**
   * The innermost message of ours (whole), else the root cause's type and the first line of its
   * message.
   */
  public static String describe(Throwable error, List<Class<? extends Throwable>> callersOwn) {
    Throwable ours = innermostOwn(error, callersOwn);
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

  /** The text before the first line break; empty for {@code null}. */
  public static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  private static boolean isAny(Throwable t, List<Class<? extends Throwable>> types) {
    for (Class<? extends Throwable> type : types) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }
}
