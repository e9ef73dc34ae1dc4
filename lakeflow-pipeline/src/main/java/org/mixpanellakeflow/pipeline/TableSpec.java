package org.mixpanellakeflow.pipeline;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One entry of a pipeline spec's {@code objects}: which source table to read, where to land it and
 * how.
 *
 * @param sourceTable the connector's table name
 * @param destinationCatalog optional; with {@code destinationSchema}, the table lands in this
 *     catalog ({@link #catalogTable()}); alone it is ignored
 * @param destinationSchema optional; with {@code destinationCatalog}, the table's schema in the
 *     catalog; alone it is ignored
 * @param destinationTable the destination table's own name (defaults to the source table)
 * @param connectorOptions the {@code table_configuration} entries passed to the connector, i.e. all
 *     but the pipeline's own keys
 * @param scdType how changes land; {@link ScdType#SCD_TYPE_1} unless set
 * @param primaryKeys overrides the connector's primary keys; empty to keep them
 * @param sequenceBy overrides the connector's cursor as the column ordering versions of a key
 * @param clusterBy columns the destination table is clustered by when it is created; may be empty
 * @param mergePruning whether MERGEs prune the target by the batch's sequence range
 */
public record TableSpec(
    String sourceTable,
    Optional<String> destinationCatalog,
    Optional<String> destinationSchema,
    String destinationTable,
    Map<String, String> connectorOptions,
    ScdType scdType,
    List<String> primaryKeys,
    Optional<String> sequenceBy,
    List<String> clusterBy,
    MergePruning mergePruning) {

  /** {@code table_configuration} keys the pipeline consumes instead of passing them on. */
  static final Set<String> PIPELINE_KEYS =
      Set.of("scd_type", "primary_keys", "sequence_by", "cluster_by", MergePruning.KEY);

  public TableSpec {
    Objects.requireNonNull(sourceTable, "sourceTable is null");
    Objects.requireNonNull(destinationCatalog, "destinationCatalog is null");
    Objects.requireNonNull(destinationSchema, "destinationSchema is null");
    Objects.requireNonNull(destinationTable, "destinationTable is null");
    connectorOptions =
        Collections.unmodifiableMap(
            new LinkedHashMap<>(
                Objects.requireNonNull(connectorOptions, "connectorOptions is null")));
    Objects.requireNonNull(scdType, "scdType is null");
    primaryKeys = List.copyOf(Objects.requireNonNull(primaryKeys, "primaryKeys is null"));
    Objects.requireNonNull(sequenceBy, "sequenceBy is null");
    clusterBy = List.copyOf(Objects.requireNonNull(clusterBy, "clusterBy is null"));
    Objects.requireNonNull(mergePruning, "mergePruning is null");
  }

  /** A table landed under its own name, with defaults for everything else. */
  public static TableSpec of(String sourceTable) {
    return new TableSpec(
        sourceTable,
        Optional.empty(),
        Optional.empty(),
        sourceTable,
        Map.of(),
        ScdType.SCD_TYPE_1,
        List.of(),
        Optional.empty(),
        List.of(),
        MergePruning.NONE);
  }

  /**
   * The catalog table this entry lands in: present when both {@code destination_catalog} and {@code
   * destination_schema} are set (as in the Lakeflow framework), else empty and the table is a
   * folder under the warehouse.
   */
  public Optional<CatalogTableName> catalogTable() {
    if (destinationCatalog.isPresent() && destinationSchema.isPresent()) {
      return Optional.of(
          new CatalogTableName(
              destinationCatalog.get(), destinationSchema.get(), destinationTable));
    }
    return Optional.empty();
  }

  /**
   * {@code catalog.schema.table} when both catalog and schema are set, else the table name; also
   * names the table's checkpoint under the checkpoint root, and a folder table's directory.
   */
  public String destinationName() {
    return catalogTable().map(CatalogTableName::toString).orElse(destinationTable);
  }
}
