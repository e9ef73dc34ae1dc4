package org.mixpanellakeflow.connect.spark;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.mixpanellakeflow.connect.LakeflowConnectFactory;
import org.mixpanellakeflow.connect.LakeflowException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds {@link LakeflowConnectFactory} implementations with {@link ServiceLoader}. The driver
 * selects one from the user's options; executors look the selected name up again, since a factory
 * cannot travel inside a task.
 */
final class ConnectorFactories {

  private static final Logger LOG = LoggerFactory.getLogger(ConnectorFactories.class);

  private ConnectorFactories() {}

  /** The factory named exactly {@code name}; used on executors for a name the driver resolved. */
  static LakeflowConnectFactory named(String name) {
    return select(loaded(), name, null);
  }

  /**
   * Picks a factory for a read.
   *
   * @param requested the {@code connector} option, or {@code null}
   * @param fixed the connector a subclassed source always uses, or {@code null}
   */
  static LakeflowConnectFactory select(String requested, String fixed) {
    return select(loaded(), requested, fixed);
  }

  static LakeflowConnectFactory select(
      List<LakeflowConnectFactory> available, String requested, String fixed) {
    Map<String, LakeflowConnectFactory> byName = new LinkedHashMap<>();
    for (LakeflowConnectFactory factory : available) {
      LakeflowConnectFactory previous = byName.putIfAbsent(factory.name(), factory);
      if (previous != null && previous.getClass() != factory.getClass()) {
        LOG.warn(
            "Two Lakeflow connectors are named '{}': {} and {}; using the first",
            factory.name(),
            previous.getClass().getName(),
            factory.getClass().getName());
      }
    }
    if (fixed != null && requested != null && !requested.equalsIgnoreCase(fixed)) {
      throw new LakeflowException(
          "Cannot use connector '"
              + requested
              + "': this data source always reads connector '"
              + fixed
              + "'; drop option '"
              + LakeflowDataSource.CONNECTOR
              + "' or use format(\""
              + LakeflowDataSource.SHORT_NAME
              + "\")");
    }
    String wanted = fixed != null ? fixed : requested;
    if (wanted != null) {
      for (Map.Entry<String, LakeflowConnectFactory> e : byName.entrySet()) {
        if (e.getKey().equalsIgnoreCase(wanted)) {
          return e.getValue();
        }
      }
      throw new LakeflowException(
          "Unknown Lakeflow connector '"
              + wanted
              + "' (option '"
              + LakeflowDataSource.CONNECTOR
              + "'); available on the class path: "
              + new ArrayList<>(byName.keySet()));
    }
    if (byName.size() == 1) {
      return byName.values().iterator().next();
    }
    if (byName.isEmpty()) {
      throw new LakeflowException(
          "No Lakeflow connector found on the class path: add a connector jar that registers"
              + " META-INF/services/"
              + LakeflowConnectFactory.class.getName());
    }
    throw new LakeflowException(
        "Several Lakeflow connectors are on the class path "
            + new ArrayList<>(byName.keySet())
            + "; choose one with option '"
            + LakeflowDataSource.CONNECTOR
            + "'");
  }

  private static List<LakeflowConnectFactory> loaded() {
    // Spark adds user jars to the context class loader, not necessarily to ours
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    if (loader == null) {
      loader = ConnectorFactories.class.getClassLoader();
    }
    List<LakeflowConnectFactory> factories = new ArrayList<>();
    ServiceLoader.load(LakeflowConnectFactory.class, loader).forEach(factories::add);
    return factories;
  }
}
