/**
 * The generic Spark DataSource V2 source {@code lakeflow_connect}, serving any {@link
 * org.mixpanellakeflow.connect.LakeflowConnect}.
 *
 * <p>Only {@link org.mixpanellakeflow.connect.spark.LakeflowDataSource} is public. Reading flows
 * from options ({@code SourceOptions}, {@code ConnectorFactories}) to a table ({@code
 * LakeflowTable}) to a batch ({@code LakeflowBatch}) or a micro-batch stream ({@code
 * PartitionedMicroBatchStream} on executors, {@code DriverMicroBatchStream} as the driver-side
 * fallback), and on to rows ({@code RecordConverter}). Reserved {@code _community_*} tables live in
 * {@code ReservedTables}.
 *
 * <p>The package uses only Spark's Java connector API plus {@code GenericInternalRow}, {@code
 * GenericArrayData}, {@code ArrayBasedMapData} and {@code UTF8String}, and no Scala types, which
 * keeps the jar independent of the Scala version (tested on Spark 4.0.1 only).
 */
package org.mixpanellakeflow.connect.spark;
