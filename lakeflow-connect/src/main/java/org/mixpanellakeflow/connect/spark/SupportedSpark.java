package org.mixpanellakeflow.connect.spark;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mixpanellakeflow.connect.LakeflowException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Spark versions the source runs on, checked when a read first reaches the provider ({@link
 * LakeflowDataSource#inferSchema} and {@link LakeflowDataSource#getTable}), so that a wrong
 * runtime fails with one line that names it instead of a {@code NoSuchMethodError} deep in a query.
 *
 * <p>Policy. Spark 4.0 up to the newest tested minor ({@value #TESTED_RANGE}, see {@code
 * bin/test-matrix}) runs. Spark 3.x and older (Databricks Runtime 16 and before) and any other
 * major fail: Spark 4 changed the classes behind the DataSource V2 API and a major may change them
 * again. A newer Spark 4 minor runs with a warning: minors keep the connector interfaces this source
 * uses, Databricks moves to a new minor before a release of this project can be tested on it, and
 * refusing would stop working pipelines for no known fault. A version string that cannot be read
 * (a vendor build) also runs with a warning.
 *
 * <p>Not done in the constructor on purpose: Spark instantiates every registered {@code
 * DataSourceRegister} to look up any format name, so a throwing constructor would break reads of
 * {@code parquet} or {@code delta} on a cluster that merely has this jar installed.
 */
final class SupportedSpark {

  static final int MAJOR = 4;
  static final int NEWEST_TESTED_MINOR = 2;
  static final String TESTED_RANGE = "4.0 to 4.2";

  private static final Logger LOG = LoggerFactory.getLogger(SupportedSpark.class);
  private static final Pattern MAJOR_MINOR = Pattern.compile("(\\d+)\\.(\\d+)(?:\\D.*)?");

  /** Only keeps the warning to one line per JVM; nothing else depends on it. */
  private static final AtomicBoolean WARNED = new AtomicBoolean();

  /** How a Spark version that may run stands. */
  enum Support {
    TESTED,
    NEWER_MINOR,
    UNREADABLE
  }

  private SupportedSpark() {}

  /**
   * Fails on a Spark this source does not run on and warns, once per JVM, on one it has not been
   * tested on.
   *
   * @param format the format name the user asked for, for the message
   */
  static void requireRunning(String format) {
    String running = org.apache.spark.package$.MODULE$.SPARK_VERSION();
    Support support = check(running, format);
    if (support != Support.TESTED && WARNED.compareAndSet(false, true)) {
      LOG.warn(
          "Format '{}' is tested on Apache Spark {}; this session runs Spark {}{}",
          format,
          TESTED_RANGE,
          running,
          support == Support.NEWER_MINOR
              ? ", a newer minor: it should work, report a failure with this version"
              : ", a version string that cannot be read: it is used as is");
    }
  }

  /**
   * Classifies a Spark version string.
   *
   * @throws LakeflowException when the source cannot run on that version, with the fix
   */
  static Support check(String sparkVersion, String format) {
    Matcher matcher = MAJOR_MINOR.matcher(sparkVersion == null ? "" : sparkVersion.strip());
    if (!matcher.matches()) {
      return Support.UNREADABLE;
    }
    int major;
    int minor;
    try {
      major = Integer.parseInt(matcher.group(1));
      minor = Integer.parseInt(matcher.group(2));
    } catch (NumberFormatException e) {
      return Support.UNREADABLE;
    }
    if (major < MAJOR) {
      throw new LakeflowException(
          "Format '"
              + format
              + "' needs Apache Spark 4.0 or later (tested on "
              + TESTED_RANGE
              + "), but this session runs Spark "
              + sparkVersion.strip()
              + ": use Databricks Runtime 17.3 LTS or later, or Apache Spark 4.0 or later");
    }
    if (major > MAJOR) {
      throw new LakeflowException(
          "Format '"
              + format
              + "' is built for Apache Spark 4 (tested on "
              + TESTED_RANGE
              + "), but this session runs Spark "
              + sparkVersion.strip()
              + ": use a runtime on Spark 4 (Databricks Runtime 17.3 LTS or later on Spark 4,"
              + " or Apache Spark "
              + TESTED_RANGE
              + "), or a release of this connector built for Spark "
              + major);
    }
    return minor <= NEWEST_TESTED_MINOR ? Support.TESTED : Support.NEWER_MINOR;
  }
}
