package org.mixpanellakeflow.connector;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.types.StructType;
import org.mixpanellakeflow.client.EngageQuery;
import org.mixpanellakeflow.client.EngageStream;
import org.mixpanellakeflow.connect.IngestionType;
import org.mixpanellakeflow.connect.LakeflowException;
import org.mixpanellakeflow.connect.RecordIterator;
import org.mixpanellakeflow.connect.TableMetadata;

/**
 * {@code cohort_members}: who is in which cohort, a snapshot every sync. Planning lists the
 * cohorts (one Query API request); each cohort is then one partition that reads every page of
 * {@code engage} filtered by {@code filter_by_cohort}, asking only for {@code $last_seen} to keep
 * pages small. Members without a profile are included when {@code
 * cohort_members_include_all_users} is true (Mixpanel's default), left out when false.
 */
final class CohortMembersTable extends SnapshotTable {

  @Override
  public String name() {
    return MixpanelConnector.COHORT_MEMBERS;
  }

  @Override
  public StructType schema() {
    return MixpanelSchemas.COHORT_MEMBERS;
  }

  @Override
  public TableMetadata metadata() {
    return new TableMetadata(List.of("cohort_id", "distinct_id"), null, IngestionType.SNAPSHOT);
  }

  @Override
  List<Map<String, Object>> snapshotPartitions(ReadContext context) {
    List<Map<String, Object>> partitions = new ArrayList<>();
    for (Map<String, Object> cohort : context.client().listCohorts()) {
      if (cohort.get("id") instanceof Number id) {
        partitions.add(Map.of("table", name(), "cohort_id", id.longValue()));
      }
    }
    return List.copyOf(partitions);
  }

  @Override
  public RecordIterator read(ReadContext context, Map<String, Object> partition) {
    if (!(partition.get("cohort_id") instanceof Number cohortId)) {
      throw new LakeflowException("Malformed cohort_members partition " + partition);
    }
    EngageQuery query = EngageQuery.cohortMembers(cohortId.longValue())
        .withOutputProperties(List.of("$last_seen"));
    if (!context.conf().includeAllUsers()) {
      query = query.withProfilesOnly();
    }
    return new Members(context.client().queryEngageAll(query), cohortId.longValue(), context.readTimeMillis());
  }

  private static final class Members implements RecordIterator {
    private final EngageStream stream;
    private final long cohortId;
    private final long generatedAt;

    Members(EngageStream stream, long cohortId, long generatedAt) {
      this.stream = stream;
      this.cohortId = cohortId;
      this.generatedAt = generatedAt;
    }

    @Override
    public boolean hasNext() {
      return stream.hasNext();
    }

    @Override
    public Map<String, Object> next() {
      Map<String, Object> record = new HashMap<>(4);
      record.put("cohort_id", cohortId);
      record.put("distinct_id", ProfileRecords.distinctId(stream.next().get("$distinct_id")));
      record.put(MixpanelSchemas.GENERATED_TIMESTAMP, generatedAt);
      return record;
    }

    @Override
    public void close() {
      stream.close();
    }
  }
}
