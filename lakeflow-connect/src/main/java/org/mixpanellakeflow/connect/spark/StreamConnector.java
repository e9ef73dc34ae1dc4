package org.mixpanellakeflow.connect.spark;

import java.util.Objects;
import org.mixpanellakeflow.connect.LakeflowConnect;

/**
 * The driver-side connector of one streaming query run. Connectors freeze their upper bound ("now")
 * per instance, so which instance answers decides when new data becomes visible: under {@code
 * Trigger.AvailableNow} one instance serves the whole run, which therefore ends; under any other
 * trigger each trigger gets a fresh instance, so a long-running query keeps seeing new data.
 */
final class StreamConnector {

  private final ConnectorSpec spec;
  private LakeflowConnect connector;
  private boolean pinned;
  private boolean triggered;

  StreamConnector(ConnectorSpec spec, LakeflowConnect first) {
    this.spec = Objects.requireNonNull(spec, "spec is null");
    this.connector = Objects.requireNonNull(first, "first is null");
  }

  /** Keeps the current instance for the rest of the run ({@code Trigger.AvailableNow}). */
  void pin() {
    pinned = true;
  }

  /** The instance that answered last; for work that must agree with it (planning, replays). */
  LakeflowConnect current() {
    return connector;
  }

  /** The instance to ask for the newest offset: a fresh one per trigger unless pinned. */
  LakeflowConnect forNextTrigger() {
    if (triggered && !pinned) {
      connector = spec.connect();
    }
    triggered = true;
    return connector;
  }
}
