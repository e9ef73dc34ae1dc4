package org.mixpanellakeflow.databricks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestJobFiles {

  static final Configuration HADOOP = new Configuration();

  @Test
  void readsAPathFromTheLocalFileSystem(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("spec.json"), "{\"connection_name\": \"é\"}");

    assertThat(JobFiles.read(file.toString(), "--spec", HADOOP))
        .isEqualTo("{\"connection_name\": \"é\"}");
  }

  @Test
  void readsAUriThroughHadoop(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("connections.json"), "{\"connections\": {}}");

    assertThat(JobFiles.read(file.toUri().toString(), "--connections", HADOOP))
        .isEqualTo("{\"connections\": {}}");
  }

  @Test
  void namesTheParameterOfAMissingFile(@TempDir Path dir) {
    String missing = dir.resolve("nope.json").toString();
    String missingUri = dir.resolve("nope.json").toUri().toString();

    assertThatThrownBy(() -> JobFiles.read(missing, "--spec", HADOOP))
        .isInstanceOf(JobArgumentException.class)
        .hasMessage(
            "Cannot read --spec file '"
                + missing
                + "': no such file (on Databricks, upload it to the volume, e.g. with"
                + " 'databricks bundle deploy' or 'databricks fs cp')");
    assertThatThrownBy(() -> JobFiles.read(missingUri, "--connections", HADOOP))
        .isInstanceOf(JobArgumentException.class)
        .hasMessageStartingWith("Cannot read --connections file '" + missingUri + "': no such file");
  }

  @Test
  void refusesAFolder(@TempDir Path dir) {
    assertThatThrownBy(() -> JobFiles.read(dir.toString(), "--spec", HADOOP))
        .isInstanceOf(JobArgumentException.class)
        .hasMessageStartingWith("Cannot read --spec file '" + dir + "': no such file");
    assertThatThrownBy(() -> JobFiles.read(dir.toUri().toString(), "--spec", HADOOP))
        .isInstanceOf(JobArgumentException.class)
        .hasMessageStartingWith("Cannot read --spec file '" + dir.toUri() + "': no such file");
  }

  @Test
  void refusesAFileOverOneMebibyte(@TempDir Path dir) throws Exception {
    Path big = Files.write(dir.resolve("big.json"), new byte[JobFiles.MAX_BYTES + 1]);
    Files.write(dir.resolve("limit.json"), new byte[JobFiles.MAX_BYTES]);

    assertThat(JobFiles.read(dir.resolve("limit.json").toString(), "--spec", HADOOP))
        .hasSize(JobFiles.MAX_BYTES);
    assertThatThrownBy(() -> JobFiles.read(big.toString(), "--spec", HADOOP))
        .isInstanceOf(JobArgumentException.class)
        .hasMessage(
            "Cannot read --spec file '"
                + big
                + "': it is larger than 1 MiB; --spec names a small JSON file");
  }
}
