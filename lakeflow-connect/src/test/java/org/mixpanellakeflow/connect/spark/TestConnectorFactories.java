package org.mixpanellakeflow.connect.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mixpanellakeflow.connect.LakeflowConnectFactory;
import org.mixpanellakeflow.connect.LakeflowException;

class TestConnectorFactories {

  private static final LakeflowConnectFactory MEMORY = new MemoryConnectFactory();
  private static final LakeflowConnectFactory SIMPLE = new SimpleConnectFactory();

  @Test
  void usesTheOnlyConnectorWhenNoneIsNamed() {
    assertThat(ConnectorFactories.select(List.of(MEMORY), null, null)).isSameAs(MEMORY);
  }

  @Test
  void picksTheNamedConnectorIgnoringCase() {
    assertThat(ConnectorFactories.select(List.of(MEMORY, SIMPLE), "MEMORY_simple", null))
        .isSameAs(SIMPLE);
  }

  @Test
  void usesTheFixedConnectorOfASubclassedSource() {
    assertThat(ConnectorFactories.select(List.of(MEMORY, SIMPLE), null, "memory")).isSameAs(MEMORY);
    assertThat(ConnectorFactories.select(List.of(MEMORY, SIMPLE), "memory", "memory"))
        .isSameAs(MEMORY);
  }

  @Test
  void rejectsAnotherConnectorOnASubclassedSource() {
    assertThatThrownBy(
            () -> ConnectorFactories.select(List.of(MEMORY, SIMPLE), "memory_simple", "memory"))
        .isInstanceOf(LakeflowException.class)
        .hasMessage(
            "Cannot use connector 'memory_simple': this data source always reads connector"
                + " 'memory'; drop option 'connector' or use format(\"lakeflow_connect\")");
  }

  @Test
  void listsAvailableConnectorsForAnUnknownName() {
    assertThatThrownBy(() -> ConnectorFactories.select(List.of(MEMORY, SIMPLE), "hubspot", null))
        .isInstanceOf(LakeflowException.class)
        .hasMessage(
            "Unknown Lakeflow connector 'hubspot' (option 'connector'); available on the class"
                + " path: [memory, memory_simple]");
  }

  @Test
  void asksForANameWhenSeveralConnectorsAreAvailable() {
    assertThatThrownBy(() -> ConnectorFactories.select(List.of(MEMORY, SIMPLE), null, null))
        .isInstanceOf(LakeflowException.class)
        .hasMessage(
            "Several Lakeflow connectors are on the class path [memory, memory_simple]; choose"
                + " one with option 'connector'");
  }

  @Test
  void explainsAnEmptyClassPath() {
    assertThatThrownBy(() -> ConnectorFactories.select(List.of(), null, null))
        .isInstanceOf(LakeflowException.class)
        .hasMessage(
            "No Lakeflow connector found on the class path: add a connector jar that registers"
                + " META-INF/services/org.mixpanellakeflow.connect.LakeflowConnectFactory");
  }

  @Test
  void findsRegisteredFactoriesThroughServiceLoader() {
    assertThat(ConnectorFactories.named("memory_simple")).isInstanceOf(SimpleConnectFactory.class);
  }
}
