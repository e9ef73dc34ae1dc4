package org.mixpanellakeflow.pipeline;

import java.util.Locale;

/**
 * Whether the MERGE of a micro-batch reads only the part of the target its sequence range can
 * match; set per table with the {@code merge_prune_by_sequence} key (see {@link SequenceRange} for
 * when that is correct).
 */
public enum MergePruning {
  /** The MERGE matches on the keys alone and may read every file of the target. */
  NONE,
  /** The MERGE also requires the stored sequence to lie in the batch's range. */
  BY_SEQUENCE;

  static final String KEY = "merge_prune_by_sequence";

  static MergePruning parse(String value, String where) {
    return switch (value.strip().toLowerCase(Locale.ROOT)) {
      case "true" -> BY_SEQUENCE;
      case "false" -> NONE;
      default ->
          throw new PipelineException(
              "Invalid value for '"
                  + KEY
                  + "' in "
                  + where
                  + ": '"
                  + value
                  + "' (expected true or false)");
    };
  }
}
