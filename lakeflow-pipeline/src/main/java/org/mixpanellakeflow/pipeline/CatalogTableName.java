package org.mixpanellakeflow.pipeline;

import java.util.Objects;

/**
 * A table in a Spark catalog, named by its three parts: {@code catalog.schema.table}, as the
 * Lakeflow spec's {@code destination_catalog}, {@code destination_schema} and {@code
 * destination_table} give it.
 *
 * <p>In SQL every part is back-quoted ({@link #quoted()}), so names that are not plain identifiers
 * ({@code my-schema}, {@code events$v2}, a part holding a dot or a back quote) reach the catalog as
 * they are; whether the catalog accepts them is the catalog's rule (Spark's session catalog takes
 * letters, digits and underscores only).
 *
 * @param catalog the catalog, e.g. {@code main} on Databricks or {@code spark_catalog}
 * @param schema the schema (database) in the catalog
 * @param table the table in the schema
 */
public record CatalogTableName(String catalog, String schema, String table) {

  public CatalogTableName {
    requirePart(catalog, "catalog");
    requirePart(schema, "schema");
    requirePart(table, "table");
  }

  /** The SQL identifier, e.g. {@code `main`.`mixpanel`.`events`}. */
  public String quoted() {
    return quote(catalog) + "." + quote(schema) + "." + quote(table);
  }

  /** The schema's SQL identifier, e.g. {@code `main`.`mixpanel`}. */
  public String quotedSchema() {
    return quote(catalog) + "." + quote(schema);
  }

  /** {@code catalog.schema.table}, unquoted: the destination name of runs, logs and checkpoints. */
  @Override
  public String toString() {
    return catalog + "." + schema + "." + table;
  }

  /** One back-quoted identifier part; a back quote inside is doubled, as Spark SQL reads it. */
  static String quote(String part) {
    return "`" + part.replace("`", "``") + "`";
  }

  private static void requirePart(String part, String name) {
    Objects.requireNonNull(part, name + " is null");
    if (part.isBlank()) {
      throw new IllegalArgumentException(name + " is blank");
    }
  }
}
