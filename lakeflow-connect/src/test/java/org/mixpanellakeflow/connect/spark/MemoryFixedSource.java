package org.mixpanellakeflow.connect.spark;

/** Proves a connector can register its own format: {@code format("memory_fixed")}. */
public final class MemoryFixedSource extends LakeflowDataSource {

  public MemoryFixedSource() {
    super("memory_fixed", MemoryConnectFactory.NAME);
  }
}
