package org.mixpanellakeflow.emulator;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /track} and {@code /engage}, the client-SDK ingestion endpoints: no Basic auth, each
 * record names its project by token. A request is all or nothing: if any record is invalid,
 * nothing is stored and the answer is {@code 0}. Answers in the SDKs' form ({@link SdkReply})
 * whatever the body's encoding, always with status 200.
 */
final class TokenIngestion implements EndpointHandler {
  /** Which of the two endpoints. */
  enum Kind {
    TRACK,
    ENGAGE
  }

  private final EmulatorContext context;
  private final DataRegion region;
  private final Kind kind;

  TokenIngestion(EmulatorContext context, DataRegion region, Kind kind) {
    this.context = context;
    this.region = region;
    this.kind = kind;
  }

  @Override
  public void handle(EmulatorExchange exchange, EmulatedProject ignored) throws IOException {
    String problem;
    try {
      problem = ingest(IngestionPayloads.events(exchange), context.clock().millis());
    } catch (IllegalArgumentException e) {
      problem = e.getMessage();
    }
    SdkReply.send(exchange, 200, problem);
  }

  /** Stores every record, or nothing and returns the first problem. */
  private String ingest(List<Object> records, long nowMs) {
    Map<EmulatedProject, List<Object>> byProject = new LinkedHashMap<>();
    for (int i = 0; i < records.size(); i++) {
      Object record = records.get(i);
      EmulatedProject project = context.projectByToken(token(record));
      if (project == null) {
        return "record " + i + ": missing or unknown project token";
      }
      if (project.region() != region) {
        return "record " + i + ": " + EmulatorRouter.WRONG_CLUSTER;
      }
      String problem = kind == Kind.ENGAGE ? ProfileUpdates.problem(record) : null;
      if (problem != null) {
        return "record " + i + ": " + problem;
      }
      byProject.computeIfAbsent(project, p -> new ArrayList<>()).add(record);
    }
    if (records.size() > EventIngestion.MAX_BATCH) {
      return "request exceeds max limit of " + EventIngestion.MAX_BATCH + " records";
    }
    if (kind == Kind.ENGAGE) {
      byProject.forEach((project, updates) -> ProfileUpdates.apply(project, updates, nowMs));
      return null;
    }
    List<EventIngestion.Outcome> outcomes = new ArrayList<>();
    for (Map.Entry<EmulatedProject, List<Object>> entry : byProject.entrySet()) {
      EventIngestion.Outcome outcome =
          EventIngestion.validate(entry.getKey(), entry.getValue(), nowMs, EventIngestion.Source.TRACK);
      if (!outcome.failures().isEmpty()) {
        EventIngestion.Failure failure = outcome.failures().get(0);
        return "record " + failure.index() + ": " + failure.message();
      }
      outcomes.add(outcome);
    }
    List<EmulatedProject> projects = new ArrayList<>(byProject.keySet());
    for (int i = 0; i < projects.size(); i++) {
      EventIngestion.store(projects.get(i), outcomes.get(i), nowMs);
    }
    return null;
  }

  private String token(Object record) {
    if (!(record instanceof Map<?, ?> map)) {
      return null;
    }
    if (kind == Kind.ENGAGE) {
      return map.get("$token") instanceof String token ? token : null;
    }
    return map.get("properties") instanceof Map<?, ?> properties && properties.get("token") instanceof String token
        ? token
        : null;
  }
}
