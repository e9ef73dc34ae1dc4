package org.mixpanellakeflow.client;

/** What an export does with a line that is not a JSON event. */
public enum OnMalformedLine {
  /** Stop with a {@link MixpanelProtocolException} naming the line, window and project. */
  FAIL,
  /** Count the line ({@code malformedLines}), log its number at WARN, and read on. */
  SKIP
}
