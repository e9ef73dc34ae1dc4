package org.mixpanellakeflow.databricks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.mixpanellakeflow.pipeline.PipelineException;

class TestJobErrors {

  @Test
  void showsTheInnermostErrorOfOursOnOneLine() {
    RuntimeException wrapped =
        new IllegalStateException(
            "Job aborted",
            new RuntimeException(
                "StreamingQueryException: boom\n  at somewhere",
                new PipelineException("Cannot ingest 'events': HTTP 401\nsecond line")));

    assertThat(JobErrors.describe(wrapped)).isEqualTo("Cannot ingest 'events': HTTP 401");
    assertThat(JobErrors.exitCode(wrapped)).isEqualTo(2);
  }

  @Test
  void showsTheRootCauseOfAForeignError() {
    RuntimeException wrapped =
        new RuntimeException("outer", new IllegalArgumentException("bad thing\nat line 2"));

    assertThat(JobErrors.describe(wrapped)).isEqualTo("IllegalArgumentException: bad thing");
    assertThat(JobErrors.exitCode(wrapped)).isEqualTo(1);
  }

  @Test
  void countsParameterErrorsAsTheUsers() {
    JobArgumentException error = new JobArgumentException("--spec is given twice; keep one");

    assertThat(JobErrors.describe(error)).isEqualTo("--spec is given twice; keep one");
    assertThat(JobErrors.exitCode(error)).isEqualTo(2);
  }
}
