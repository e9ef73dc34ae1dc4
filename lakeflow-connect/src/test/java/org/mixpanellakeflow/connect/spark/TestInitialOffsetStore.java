package org.mixpanellakeflow.connect.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mixpanellakeflow.connect.LakeflowException;

class TestInitialOffsetStore {

  @TempDir Path checkpoint;

  @Test
  void persistsTheFirstOffsetAndReturnsItAfterwards() throws IOException {
    Path sources = checkpoint.resolve("sources/0");
    InitialOffsetStore first =
        new InitialOffsetStore(sources.toUri().toString(), new Configuration());

    LakeflowOffset pinned = first.readOrCreate(() -> Map.of("from", "2024-05-01", "index", 3));
    LakeflowOffset later =
        new InitialOffsetStore(sources.toUri().toString(), new Configuration())
            .readOrCreate(() -> Map.of("from", "2024-06-01", "index", 9));

    assertThat(pinned.json()).isEqualTo("{\"from\":\"2024-05-01\",\"index\":3}");
    assertThat(later).isEqualTo(pinned);
    assertThat(later.value()).containsEntry("index", 3L);
    assertThat(Files.readString(sources.resolve(InitialOffsetStore.FILE_NAME)))
        .isEqualTo("{\"version\":1,\"offset\":{\"from\":\"2024-05-01\",\"index\":3}}");
  }

  @Test
  void rejectsAnUnknownFileVersion() throws IOException {
    Files.writeString(
        checkpoint.resolve(InitialOffsetStore.FILE_NAME),
        "{\"version\":2,\"offset\":{}}",
        StandardCharsets.UTF_8);
    InitialOffsetStore store =
        new InitialOffsetStore(checkpoint.toUri().toString(), new Configuration());

    assertThatThrownBy(() -> store.readOrCreate(Map::of))
        .isInstanceOf(LakeflowException.class)
        .hasMessageStartingWith("Cannot read initial offset file ")
        .hasMessageEndingWith(
            "lakeflow-initial-offset.json: expected version 1 but got:"
                + " {\"version\":2,\"offset\":{}}; it was written by another version of this"
                + " source");
  }
}
