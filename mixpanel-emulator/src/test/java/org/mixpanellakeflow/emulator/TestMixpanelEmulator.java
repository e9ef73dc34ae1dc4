package org.mixpanellakeflow.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.Socket;
import org.junit.jupiter.api.Test;

class TestMixpanelEmulator {
  @Test
  void listensOnLoopbackAndFreesThePortWhenClosed() {
    MixpanelEmulator emulator = MixpanelEmulator.builder().project(EmulatedProject.builder(1).build()).start();
    int port = emulator.baseUri().getPort();

    assertThat(emulator.baseUri().toString()).isEqualTo("http://127.0.0.1:" + port);
    emulator.close();
    assertThatThrownBy(() -> new Socket("127.0.0.1", port).close())
        .isInstanceOf(IOException.class)
        .hasMessageContaining("Connection refused");
  }

  @Test
  void rejectsAmbiguousOrEmptySetups() {
    EmulatedProject first = EmulatedProject.builder(1).apiSecret("same").build();

    assertThatThrownBy(() -> MixpanelEmulator.builder().project(first).project(EmulatedProject.builder(1).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Duplicate project id 1: give each emulated project its own id");
    assertThatThrownBy(() -> MixpanelEmulator.builder().project(first)
            .project(EmulatedProject.builder(2).apiSecret("same").build()))
        .hasMessage("Projects 1 and 2 have the same API secret, so it could not identify a project; give each its own");
    assertThatThrownBy(() -> MixpanelEmulator.builder().project(EmulatedProject.builder(3).token("t").build())
            .project(EmulatedProject.builder(4).token("t").build()))
        .hasMessage("Projects 3 and 4 have the same token, so ingestion could not tell them apart; give each its own");
    assertThatThrownBy(() -> MixpanelEmulator.builder().start())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("Cannot start a Mixpanel emulator without projects; add one with project(EmulatedProject)");
    assertThatThrownBy(() -> MixpanelEmulator.builder().port(70_000))
        .hasMessage("Invalid port 70000: use 0 (any free port) to 65535");
  }
}
