package org.mixpanellakeflow.pipeline;

import java.util.Objects;

/**
 * Where a destination Delta table lives: a folder (a path-based table) or a table of a Spark
 * catalog, reached by name through the session's catalog.
 */
sealed interface TableLocation permits TableLocation.Folder, TableLocation.InCatalog {

  /** The path or {@code catalog.schema.table}, for messages and logs. */
  String describe();

  /** The table as a SQL identifier: {@code delta.`<path>`} or {@code `c`.`s`.`t`}. */
  String sqlName();

  /**
   * What a user does to put the table and its streaming checkpoint aside, so that the next run
   * syncs the table from the start, e.g. {@code move the table and its checkpoint folder '...'
   * aside}.
   */
  String setAside(String checkpointPath);

  /** A path-based Delta table: the folder is the table, and no catalog knows it. */
  record Folder(String path) implements TableLocation {
    public Folder {
      Objects.requireNonNull(path, "path is null");
    }

    @Override
    public String describe() {
      return path;
    }

    @Override
    public String sqlName() {
      return "delta." + CatalogTableName.quote(path);
    }

    @Override
    public String setAside(String checkpointPath) {
      return "move the table and its checkpoint folder '" + checkpointPath + "' aside";
    }
  }

  /** A Delta table registered in a catalog; where its files are is the catalog's business. */
  record InCatalog(CatalogTableName name) implements TableLocation {
    public InCatalog {
      Objects.requireNonNull(name, "name is null");
    }

    @Override
    public String describe() {
      return name.toString();
    }

    @Override
    public String sqlName() {
      return name.quoted();
    }

    @Override
    public String setAside(String checkpointPath) {
      return "rename the table (ALTER TABLE ... RENAME TO) and move its checkpoint folder '"
          + checkpointPath
          + "' aside";
    }
  }
}
