package org.mixpanellakeflow.connect.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.mixpanellakeflow.connect.LakeflowException;
import org.mixpanellakeflow.connect.spark.SupportedSpark.Support;

class TestSupportedSpark {

  private static final String SPARK_3_MESSAGE =
      "Format 'mixpanel' needs Apache Spark 4.0 or later (tested on 4.0 to 4.2), but this session"
          + " runs Spark 3.5.2: use Databricks Runtime 17.3 LTS or later, or Apache Spark 4.0 or"
          + " later";

  @Test
  void acceptsTheTestedLines() {
    for (String version : new String[] {"4.0.0", "4.0.1", "4.0.4", "4.1.3", "4.2.0"}) {
      assertThat(SupportedSpark.check(version, "mixpanel")).as(version).isEqualTo(Support.TESTED);
    }
  }

  @Test
  void readsPreviewAndSnapshotSuffixes() {
    assertThat(SupportedSpark.check("4.0.0-preview2", "mixpanel")).isEqualTo(Support.TESTED);
    assertThat(SupportedSpark.check("4.2.1-SNAPSHOT", "mixpanel")).isEqualTo(Support.TESTED);
    assertThat(SupportedSpark.check(" 4.1.0 ", "mixpanel")).isEqualTo(Support.TESTED);
  }

  @Test
  void letsANewerMinorRun() {
    assertThat(SupportedSpark.check("4.3.0", "mixpanel")).isEqualTo(Support.NEWER_MINOR);
    assertThat(SupportedSpark.check("4.10.1", "mixpanel")).isEqualTo(Support.NEWER_MINOR);
  }

  @Test
  void letsAnUnreadableVersionRun() {
    for (String version : new String[] {"", "4", "four.zero", "99999999999.0.0"}) {
      assertThat(SupportedSpark.check(version, "mixpanel"))
          .as(version)
          .isEqualTo(Support.UNREADABLE);
    }
    assertThat(SupportedSpark.check(null, "mixpanel")).isEqualTo(Support.UNREADABLE);
  }

  @Test
  void rejectsSpark3WithTheFix() {
    assertThatThrownBy(() -> SupportedSpark.check("3.5.2", "mixpanel"))
        .isInstanceOf(LakeflowException.class)
        .hasMessage(SPARK_3_MESSAGE);
  }

  @Test
  void rejectsOlderMajors() {
    assertThatThrownBy(() -> SupportedSpark.check("2.4.8", "lakeflow_connect"))
        .isInstanceOf(LakeflowException.class)
        .hasMessage(
            "Format 'lakeflow_connect' needs Apache Spark 4.0 or later (tested on 4.0 to 4.2),"
                + " but this session runs Spark 2.4.8: use Databricks Runtime 17.3 LTS or later,"
                + " or Apache Spark 4.0 or later");
  }

  @Test
  void rejectsANewerMajor() {
    assertThatThrownBy(() -> SupportedSpark.check("5.0.0", "mixpanel"))
        .isInstanceOf(LakeflowException.class)
        .hasMessage(
            "Format 'mixpanel' is built for Apache Spark 4 (tested on 4.0 to 4.2), but this"
                + " session runs Spark 5.0.0: use a runtime on Spark 4 (Databricks Runtime 17.3 LTS"
                + " or later on Spark 4, or Apache Spark 4.0 to 4.2), or a release of this"
                + " connector built for Spark 5");
  }

  /** On every line of the matrix: the Spark the tests run on is one the check calls tested. */
  @Test
  void theRunningSparkIsATestedOne() {
    String running = org.apache.spark.package$.MODULE$.SPARK_VERSION();
    assumeTrue(running.startsWith("4."), "runs on Spark 4 only");
    SparkSession spark = TestSpark.session();

    assertThat(spark.version()).isEqualTo(running);
    assertThat(SupportedSpark.check(running, "lakeflow_connect")).isEqualTo(Support.TESTED);
  }

  /**
   * Only on {@code bin/test-matrix}'s Spark 3.5 line ({@code -Pspark-3.5}, not a supported line,
   * with the classes the default build compiled): a real read on Spark 3.5 fails at the provider
   * with the one-line message, before any connector is looked up.
   */
  @Test
  @EnabledIfSystemProperty(named = "lakeflow.test.spark3", matches = "true")
  void aReadOnSpark3FailsWithTheMessage() {
    String running = org.apache.spark.package$.MODULE$.SPARK_VERSION();
    assertThat(running).as("the Spark this test runs on").startsWith("3.");
    SparkSession spark = TestSpark.session();

    assertThatThrownBy(
            () ->
                spark
                    .read()
                    .format(LakeflowDataSource.SHORT_NAME)
                    .option(LakeflowDataSource.TABLE_NAME, "anything")
                    .load())
        .isInstanceOf(LakeflowException.class)
        .hasMessage(
            "Format 'lakeflow_connect' needs Apache Spark 4.0 or later (tested on 4.0 to 4.2),"
                + " but this session runs Spark "
                + running
                + ": use Databricks Runtime 17.3 LTS or later, or Apache Spark 4.0 or later");
  }
}
