package org.mixpanellakeflow.benchmarks.macro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The where expressions ExportSlice writes, and nothing else. */
class TestExportWhere {

  @Test
  void readsAStretchOfADayAndAProcessingTimeTogether() {
    ExportWhere where = ExportWhere.parse("(properties[\"$time\"] >= datetime(100) and properties[\"$time\"]"
        + " < datetime(200)) and number(properties[\"mp_processing_time_ms\"]) > 150000");

    assertThat(where).isEqualTo(new ExportWhere(100_000, 200_000, 150_000));
    assertThat(where.matches(100_000, 150_001)).isTrue();
    assertThat(where.matches(199_999, 150_001)).isTrue();
    assertThat(where.matches(200_000, 150_001)).isFalse();
    assertThat(where.matches(150_000, 150_000)).isFalse();
    assertThat(where).hasToString("time in [100000, 200000) ms and processed after 150000 ms");
  }

  @Test
  void refusesAnyOtherExpression() {
    assertThatThrownBy(() -> ExportWhere.parse("properties[\"$os\"] == \"Linux\""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the benchmark's stand-in serves only the connector's time and processing-time where"
            + " expressions, not: properties[\"$os\"] == \"Linux\"");
  }
}
