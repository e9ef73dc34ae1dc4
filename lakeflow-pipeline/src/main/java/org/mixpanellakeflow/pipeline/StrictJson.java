package org.mixpanellakeflow.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * Reading of the user-written JSON files (pipeline spec, connections): unknown keys, duplicate keys
 * and wrong types are errors that say where they are, because a silently ignored typo in a spec
 * means a table that is never ingested.
 */
final class StrictJson {

  static final ObjectMapper MAPPER =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

  private StrictJson() {}

  static String readFile(Path file, String what) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new PipelineException(
          "Cannot read " + what + " file '" + file + "': " + e.getClass().getSimpleName(), e);
    }
  }

  static JsonNode parse(String json, String what) {
    try {
      JsonNode node = MAPPER.readTree(json);
      if (node == null || node.isMissingNode()) {
        throw new PipelineException("Cannot parse " + what + ": the document is empty");
      }
      return node;
    } catch (JsonProcessingException e) {
      // the original message leaves out Jackson's source excerpt, which could echo a secret
      String at =
          e.getLocation() == null
              ? ""
              : " at line "
                  + e.getLocation().getLineNr()
                  + ", column "
                  + e.getLocation().getColumnNr();
      throw new PipelineException(
          "Cannot parse " + what + ": not valid JSON (" + e.getOriginalMessage() + at + ")", e);
    }
  }

  static JsonNode object(JsonNode node, String where) {
    if (!node.isObject()) {
      throw new PipelineException(where + " must be a JSON object, not " + kind(node));
    }
    return node;
  }

  static void checkKeys(JsonNode object, String where, List<String> allowed) {
    Iterator<String> names = object.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!allowed.contains(name)) {
        throw new PipelineException(
            "Unknown key '"
                + name
                + "' in "
                + where
                + " (allowed: "
                + String.join(", ", allowed)
                + ")");
      }
    }
  }

  /** A string field; absent or JSON null gives empty, blank is an error. */
  static Optional<String> optionalString(JsonNode object, String key, String where) {
    JsonNode value = object.get(key);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isTextual() || value.textValue().isBlank()) {
      throw new PipelineException(
          "'" + key + "' in " + where + " must be a non-empty string, not " + kind(value));
    }
    return Optional.of(value.textValue());
  }

  /**
   * An option value as the Spark source takes it: strings as they are, numbers and booleans as
   * their text, lists and objects as JSON.
   */
  static String optionText(JsonNode value) {
    if (value.isTextual()) {
      return value.textValue();
    }
    if (value.isContainerNode()) {
      return value.toString();
    }
    return value.asText();
  }

  /** A list of names, given either as a JSON list or as a string holding one. */
  static List<String> nameList(String text, String key, String where) {
    JsonNode node;
    try {
      node = MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      node = null;
    }
    List<String> names = new ArrayList<>();
    if (node != null && node.isArray() && !node.isEmpty()) {
      for (JsonNode item : node) {
        if (!item.isTextual() || item.textValue().isBlank()) {
          names.clear();
          break;
        }
        names.add(item.textValue());
      }
    }
    if (names.isEmpty()) {
      throw new PipelineException(
          "Invalid value for '"
              + key
              + "' in "
              + where
              + ": '"
              + text
              + "' (expected a non-empty JSON list of column names, e.g. [\"id\"])");
    }
    return List.copyOf(names);
  }

  private static String kind(JsonNode node) {
    return node.getNodeType().name().toLowerCase(java.util.Locale.ROOT)
        + (node.isValueNode() ? " " + node : "");
  }
}
