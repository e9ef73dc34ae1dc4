package org.mixpanellakeflow.benchmarks.parse;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Events handled, reported by JMH as the secondary result {@code events} in events per second
 * next to the primary result (whole bodies per second).
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class EventCounter {

  public long events;

  @Setup(Level.Iteration)
  public void reset() {
    events = 0;
  }
}
