package org.mixpanellakeflow.databricks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.mixpanellakeflow.connector.MixpanelOptions;

/** databricks/notebooks/stream_events.py uses the source's real option names and a safe sink. */
class TestNotebookExample {

  static final Path NOTEBOOK = Path.of("..", "databricks", "notebooks", "stream_events.py");
  static final Pattern OPTION = Pattern.compile("\\.option\\(\"([^\"]+)\"");

  @Test
  void readsWithOptionsTheConnectorKnows() throws IOException {
    String text = Files.readString(NOTEBOOK);
    String read = text.substring(text.indexOf("spark.readStream"), text.indexOf(".load()"));

    assertThat(options(read)).isNotEmpty().isSubsetOf(readOptions());
    assertThat(read)
        .contains("format(\"mixpanel\")")
        .contains(".option(\"tableName\", \"events\")")
        .contains("dbutils.secrets.get(scope, \"sa-secret\")");
  }

  @Test
  void writesIncrementallyWithACheckpointIntoACatalogTable() throws IOException {
    String text = Files.readString(NOTEBOOK);

    assertThat(text.lines().findFirst()).contains("# Databricks notebook source");
    assertThat(text)
        .contains(".option(\"checkpointLocation\", f\"{checkpoints}/events_raw\")")
        .contains(".trigger(availableNow=True)")
        .contains(".toTable(f\"{catalog}.{schema}.events_raw\")")
        .contains("merge(rows.alias(\"s\"), \"t.event_key = s.event_key\")");
    // the secret is never a literal: every credential option reads the secret scope
    assertThat(text).doesNotContainPattern("\\.option\\(\"(secret|api_secret|username)\", \"");
  }

  /** The connector's documented keys (public constants of MixpanelOptions) and the table name. */
  static Set<String> readOptions() {
    Set<String> known = new TreeSet<>(Set.of("tableName"));
    for (Field field : MixpanelOptions.class.getFields()) {
      if (Modifier.isStatic(field.getModifiers())
          && field.getType() == String.class
          && !field.getName().endsWith("_DEFAULT")) {
        try {
          known.add((String) field.get(null));
        } catch (IllegalAccessException e) {
          throw new AssertionError(e);
        }
      }
    }
    return known;
  }

  static List<String> options(String code) {
    List<String> names = new ArrayList<>();
    Matcher m = OPTION.matcher(code);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }
}
