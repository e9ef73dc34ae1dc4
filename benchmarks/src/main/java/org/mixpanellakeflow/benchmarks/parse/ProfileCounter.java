package org.mixpanellakeflow.benchmarks.parse;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Profiles handled, reported by JMH as the secondary result {@code profiles} per second. */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class ProfileCounter {

  public long profiles;

  @Setup(Level.Iteration)
  public void reset() {
    profiles = 0;
  }
}
