package org.mixpanellakeflow.pipeline;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A named connection: the connector to use and its options, with environment references already
 * resolved. {@link #toString()} hides secret values (see {@code Connections}).
 *
 * @param name the name a pipeline spec's {@code connection_name} refers to
 * @param connector the connector's factory name; empty lets the Spark source pick the only one on
 *     the class path
 * @param options connection options, in file order
 */
public record Connection(String name, Optional<String> connector, Map<String, String> options) {

  public Connection {
    Objects.requireNonNull(name, "name is null");
    Objects.requireNonNull(connector, "connector is null");
    options =
        Collections.unmodifiableMap(
            new LinkedHashMap<>(Objects.requireNonNull(options, "options is null")));
  }

  @Override
  public String toString() {
    return "Connection[name="
        + name
        + ", connector="
        + connector.orElse("(default)")
        + ", options="
        + Secrets.redact(options)
        + "]";
  }
}
