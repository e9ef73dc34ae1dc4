package org.mixpanellakeflow.connect.spark;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.metric.CustomTaskMetric;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.CollectionAccumulator;
import org.mixpanellakeflow.connect.LakeflowConnect;
import org.mixpanellakeflow.connect.LakeflowException;
import org.mixpanellakeflow.connect.Offsets;
import org.mixpanellakeflow.connect.RecordIterator;
import org.mixpanellakeflow.connect.RowIterator;
import org.mixpanellakeflow.connect.SupportsPartitionedReads;
import org.mixpanellakeflow.connect.SupportsRowReads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates readers on executors for both kinds of partition. Connector readers give Spark the
 * running values of the connector's read metrics ({@link LakeflowMetrics}). A factory made for a
 * stream also carries a channel (see {@link PartitionReports}) through which each connector reader
 * sends its report and final metrics back to the driver.
 */
final class LakeflowReaderFactory implements PartitionReaderFactory {

  private final String tableName;
  private final StructType schema;
  private final String[] metricNames;
  private final CollectionAccumulator<PartitionReports.Report> reports;

  /**
   * @param metricNames the read metrics the scan declared, in its order
   * @param reports where readers send their partition reports, or {@code null} to drop them
   */
  LakeflowReaderFactory(
      String tableName,
      StructType schema,
      String[] metricNames,
      CollectionAccumulator<PartitionReports.Report> reports) {
    this.tableName = Objects.requireNonNull(tableName, "tableName is null");
    this.schema = Objects.requireNonNull(schema, "schema is null");
    this.metricNames = metricNames.clone();
    this.reports = reports;
  }

  /** A factory for a batch read: metrics go to Spark, reports nowhere. */
  LakeflowReaderFactory(String tableName, StructType schema, String[] metricNames) {
    this(tableName, schema, metricNames, null);
  }

  @Override
  public PartitionReader<InternalRow> createReader(InputPartition partition) {
    if (partition instanceof RowsPartition rows) {
      return new RowsReader(rows.rows());
    }
    if (partition instanceof ConnectorPartition connector) {
      return new ConnectorReader(
          connector, new RecordConverter(tableName, schema), metricNames, reports);
    }
    throw new IllegalArgumentException("Unexpected input partition " + partition);
  }

  private static final class RowsReader implements PartitionReader<InternalRow> {
    private final InternalRow[] rows;
    private int next = -1;

    RowsReader(InternalRow[] rows) {
      this.rows = rows;
    }

    @Override
    public boolean next() {
      next++;
      return next < rows.length;
    }

    @Override
    public InternalRow get() {
      return rows[next];
    }

    @Override
    public void close() {}
  }

  /** Reads one connector partition; the connector is built here, on the executor. */
  private static final class ConnectorReader implements PartitionReader<InternalRow> {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectorReader.class);

    private final ConnectorPartition partition;
    private final RecordConverter converter;
    private final String[] metricNames;
    private final CollectionAccumulator<PartitionReports.Report> reports;
    private RecordIterator records;
    private RowIterator rows;
    private boolean opened;
    private InternalRow current;
    private long count;

    ConnectorReader(
        ConnectorPartition partition,
        RecordConverter converter,
        String[] metricNames,
        CollectionAccumulator<PartitionReports.Report> reports) {
      this.partition = partition;
      this.converter = converter;
      this.metricNames = metricNames;
      this.reports = reports;
    }

    @Override
    public boolean next() {
      if (!opened) {
        open();
        opened = true;
      }
      if (rows != null) {
        if (!rows.next()) {
          return false;
        }
        current = rows.get();
      } else {
        if (!records.hasNext()) {
          return false;
        }
        current = converter.convert(records.next());
      }
      count++;
      return true;
    }

    /** Rows when the connector offers them for this table, records otherwise. */
    private void open() {
      ConnectorSpec spec = partition.spec();
      LakeflowConnect connector = spec.connect();
      if (!(connector instanceof SupportsPartitionedReads partitioned)) {
        throw new LakeflowException(
            "Connector '"
                + spec.connectorName()
                + "' planned partitions on the driver but its executor-side instance does not"
                + " implement SupportsPartitionedReads; check that driver and executors load the"
                + " same connector jar");
      }
      Map<String, Object> descriptor = Offsets.fromJson(partition.descriptorJson());
      LOG.debug("Reading partition {} of table {}", partition.descriptorJson(), spec.tableName());
      if (connector instanceof SupportsRowReads rowReads) {
        rows = rowReads.readPartitionRows(spec.tableName(), descriptor, spec.options());
      }
      if (rows == null) {
        records = partitioned.readPartition(spec.tableName(), descriptor, spec.options());
      }
    }

    @Override
    public InternalRow get() {
      return current;
    }

    /** Spark asks every hundred rows and once more at the end, before closing. */
    @Override
    public CustomTaskMetric[] currentMetricsValues() {
      return LakeflowMetrics.taskValues(metricNames, metrics());
    }

    private Map<String, Long> metrics() {
      Map<String, Long> values =
          rows != null ? rows.metrics() : records != null ? records.metrics() : null;
      return values == null ? Map.of() : values;
    }

    @Override
    public void close() {
      if (rows != null || records != null) {
        Map<String, Object> report;
        if (rows != null) {
          rows.close();
          report = rows.report();
        } else {
          records.close();
          report = records.report();
        }
        if (reports != null) {
          Map<String, Object> metrics = new LinkedHashMap<>(metrics());
          boolean hasReport = report != null && !report.isEmpty();
          if (hasReport || !metrics.isEmpty()) {
            reports.add(
                new PartitionReports.Report(
                    hasReport ? Offsets.toJson(report) : null, Offsets.toJson(metrics)));
          }
        }
        LOG.info(
            "Read {} records of table {} partition {}",
            count,
            partition.spec().tableName(),
            partition.descriptorJson());
      }
    }
  }
}
