package org.mixpanellakeflow.databricks;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;

/**
 * Reads the job's small JSON files (pipeline spec, connections). A URI ({@code dbfs:/...}, {@code
 * s3://...}, {@code file:/...}) is read through Hadoop's file system with the session's
 * configuration, which holds the cluster's credentials; a path ({@code /Volumes/...}, {@code
 * /Workspace/...}) is read from the driver's local file system, where Databricks mounts volumes
 * and workspace files. Nothing is ever written.
 */
final class JobFiles {

  /** Far above any spec or connections file; a larger file is the wrong file. */
  static final int MAX_BYTES = 1 << 20;

  private JobFiles() {}

  /**
   * The UTF-8 text of {@code location}.
   *
   * @param flag the parameter that named the file, for messages
   */
  static String read(String location, String flag, Configuration hadoop) {
    try (InputStream in = open(location, flag, hadoop)) {
      byte[] bytes = in.readNBytes(MAX_BYTES + 1);
      if (bytes.length > MAX_BYTES) {
        throw new JobArgumentException(
            "Cannot read "
                + flag
                + " file '"
                + location
                + "': it is larger than 1 MiB; "
                + flag
                + " names a small JSON file");
      }
      return new String(bytes, StandardCharsets.UTF_8);
    } catch (FileNotFoundException e) {
      throw noSuchFile(location, flag, e);
    } catch (IOException e) {
      throw new JobArgumentException(
          "Cannot read " + flag + " file '" + location + "': " + e.getMessage(), e);
    }
  }

  private static InputStream open(String location, String flag, Configuration hadoop)
      throws IOException {
    if (JobArguments.isUri(location)) {
      org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(location);
      // a cached instance shared with Spark: closing it would break the session's other reads
      FileSystem fs = path.getFileSystem(hadoop);
      if (!fs.getFileStatus(path).isFile()) {
        throw noSuchFile(location, flag, null);
      }
      return fs.open(path);
    }
    Path path = Path.of(location);
    if (!Files.isRegularFile(path)) {
      throw noSuchFile(location, flag, null);
    }
    return Files.newInputStream(path);
  }

  private static JobArgumentException noSuchFile(String location, String flag, Throwable cause) {
    return new JobArgumentException(
        "Cannot read "
            + flag
            + " file '"
            + location
            + "': no such file (on Databricks, upload it to the volume, e.g. with"
            + " 'databricks bundle deploy' or 'databricks fs cp')",
        cause);
  }
}
