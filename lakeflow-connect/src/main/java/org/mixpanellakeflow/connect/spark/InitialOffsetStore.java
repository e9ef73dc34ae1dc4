package org.mixpanellakeflow.connect.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.mixpanellakeflow.connect.LakeflowException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pins a stream's initial offset in its checkpoint. A connector's initial offset can move ("the
 * last 30 days" depends on today), so it is computed once, on first use, written next to Spark's
 * own source metadata and read back on every restart: a query that stops before its first commit
 * resumes from the same place.
 *
 * <p>Written through the Hadoop file system API, so any checkpoint location Spark accepts works.
 * The file is versioned: {@code {"version":1,"offset":{...}}}.
 */
final class InitialOffsetStore {

  static final String FILE_NAME = "lakeflow-initial-offset.json";

  private static final Logger LOG = LoggerFactory.getLogger(InitialOffsetStore.class);
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final int VERSION = 1;

  private final Path file;
  private final Configuration hadoopConf;

  InitialOffsetStore(String checkpointLocation, Configuration hadoopConf) {
    Objects.requireNonNull(checkpointLocation, "checkpointLocation is null");
    this.file = new Path(checkpointLocation, FILE_NAME);
    this.hadoopConf = Objects.requireNonNull(hadoopConf, "hadoopConf is null");
  }

  /** The persisted initial offset, or {@code compute}'s result after persisting it. */
  LakeflowOffset readOrCreate(Supplier<Map<String, Object>> compute) {
    try {
      FileSystem fs = file.getFileSystem(hadoopConf);
      if (fs.exists(file)) {
        LakeflowOffset stored = read(fs);
        LOG.info("Resuming from initial offset {} stored in {}", stored.json(), file);
        return stored;
      }
      LakeflowOffset initial = new LakeflowOffset(compute.get());
      if (!write(fs, initial)) {
        // another run of this query got there first; its offset is the pinned one
        return read(fs);
      }
      LOG.info("Pinned initial offset {} in {}", initial.json(), file);
      return initial;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read or write the initial offset file " + file, e);
    }
  }

  /** Writes {@code offset}; false when another writer created the file first. */
  private boolean write(FileSystem fs, LakeflowOffset offset) throws IOException {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("version", VERSION);
    node.set("offset", MAPPER.readTree(offset.json()));
    // write then rename, so a crash never leaves a half-written file that a restart would trust
    Path temp = new Path(file.getParent(), "." + FILE_NAME + ".tmp");
    try (OutputStream out = fs.create(temp, true)) {
      out.write(MAPPER.writeValueAsBytes(node));
    }
    if (fs.rename(temp, file)) {
      return true;
    }
    fs.delete(temp, false);
    if (!fs.exists(file)) {
      throw new IOException("Cannot rename " + temp + " to " + file);
    }
    return false;
  }

  private LakeflowOffset read(FileSystem fs) throws IOException {
    String text;
    try (InputStream in = fs.open(file)) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    JsonNode node;
    try {
      node = MAPPER.readTree(text);
    } catch (IOException e) {
      throw new LakeflowException(
          "Cannot parse initial offset file " + file + ": not valid JSON: " + text, e);
    }
    if (node == null || !node.isObject() || node.path("version").asInt(-1) != VERSION) {
      throw new LakeflowException(
          "Cannot read initial offset file "
              + file
              + ": expected version "
              + VERSION
              + " but got: "
              + text
              + "; it was written by another version of this source");
    }
    return LakeflowOffset.fromJson(node.path("offset").toString());
  }
}
