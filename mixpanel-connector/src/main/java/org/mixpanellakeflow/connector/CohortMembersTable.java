package org.mixpanellakeflow.connector;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.spark.sql.types.StructType;
import org.mixpanellakeflow.client.ApiFamily;
import org.mixpanellakeflow.client.EngageQuery;
import org.mixpanellakeflow.client.MixpanelClient;
import org.mixpanellakeflow.client.RequestBudget;
import org.mixpanellakeflow.client.EngageStream;
import org.mixpanellakeflow.connect.IngestionType;
import org.mixpanellakeflow.connect.LakeflowException;
import org.mixpanellakeflow.connect.RecordIterator;
import org.mixpanellakeflow.connect.TableMetadata;

/**
 * {@code cohort_members}: who is in which cohort, a snapshot every sync. Planning lists the
 * cohorts (one Query API request, on the driver); the cohorts are then dealt out to at most as many
 * partitions as the Query API lets run at once (5), each with its lane of the budget, and each
 * reads, cohort after cohort, every page of {@code engage} filtered by {@code filter_by_cohort},
 * asking only for {@code $last_seen} to keep pages small. Members without a profile are included when {@code
 * cohort_members_include_all_users} is true (Mixpanel's default), left out when false.
 */
final class CohortMembersTable extends SnapshotTable {

  /** Partition key: the partition's cohort ids, comma-separated. */
  static final String COHORT_IDS = "cohort_ids";

  /**
   * Partition key of the first partition: the requests the driver sent to plan the read, which
   * that partition's reader counts with its own so that the scan's {@code apiRequests} is the
   * whole cost.
   */
  static final String PLANNING_REQUESTS = "planning_requests";

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
    return new TableMetadata(List.of("cohort_id", "distinct_id"), null, IngestionType.SNAPSHOT)
        .withUntrackedColumns(List.of(MixpanelSchemas.GENERATED_TIMESTAMP));
  }

  @Override
  List<Map<String, Object>> snapshotPartitions(ReadContext context) {
    List<Long> ids = new ArrayList<>();
    MixpanelClient planner = context.client();
    long requestsBefore = planner.stats().requests();
    for (Map<String, Object> cohort : planner.listCohorts()) {
      if (cohort.get("id") instanceof Number id) {
        ids.add(id.longValue());
      }
    }
    RequestBudget budget = context.budget(ApiFamily.QUERY);
    int lanes = Math.min(ids.size(), BudgetPlan.maxLanes(budget));
    long planning = planner.stats().requests() - requestsBefore;
    List<Map<String, Object>> partitions = new ArrayList<>();
    for (int lane = 0; lane < lanes; lane++) {
      List<Long> mine = new ArrayList<>();
      for (int i = lane; i < ids.size(); i += lanes) {
        mine.add(ids.get(i));
      }
      Map<String, Object> partition = new LinkedHashMap<>();
      partition.put("table", name());
      partition.put(COHORT_IDS, String.join(",", mine.stream().map(String::valueOf).toList()));
      if (lane == 0) {
        partition.put(PLANNING_REQUESTS, planning);
      }
      partitions.add(partition);
    }
    // the driver's cohorts/list request is in the ledger the lanes count
    return BudgetPlan.assign(partitions, budget, context.ledger(ApiFamily.QUERY, RequestLedger.EMPTY));
  }

  @Override
  public RecordIterator read(ReadContext context, Map<String, Object> partition) {
    List<Long> cohorts = new ArrayList<>();
    try {
      for (String id : String.valueOf(partition.get(COHORT_IDS)).split(",")) {
        cohorts.add(Long.parseLong(id.strip()));
      }
    } catch (NumberFormatException e) {
      throw new LakeflowException("Malformed cohort_members partition " + partition, e);
    }
    long planning =
        partition.get(PLANNING_REQUESTS) instanceof Number n ? n.longValue() : 0;
    return new Members(context, context.clientFor(partition, ApiFamily.QUERY), cohorts, planning);
  }

  /** The members of the partition's cohorts, one cohort after the other. */
  private static final class Members implements RecordIterator {
    private final ReadContext context;
    private final MixpanelClient client;
    private final Deque<Long> cohorts;
    private final long generatedAt;
    private EngageStream stream;
    private long cohortId;
    private boolean closed;

    private final long planningRequests;

    Members(ReadContext context, MixpanelClient client, List<Long> cohorts, long planningRequests) {
      this.planningRequests = planningRequests;
      this.context = context;
      this.client = client;
      this.cohorts = new ArrayDeque<>(cohorts);
      this.generatedAt = context.readTimeMillis();
    }

    @Override
    public boolean hasNext() {
      while (stream == null || !stream.hasNext()) {
        if (stream != null) {
          stream.close();
          stream = null;
        }
        if (cohorts.isEmpty()) {
          close();
          return false;
        }
        cohortId = cohorts.poll();
        EngageQuery query =
            EngageQuery.cohortMembers(cohortId).withOutputProperties(List.of("$last_seen"));
        if (!context.conf().includeAllUsers()) {
          query = query.withProfilesOnly();
        }
        stream = client.queryEngageAll(query);
      }
      return true;
    }

    @Override
    public Map<String, Object> next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      Map<String, Object> record = new HashMap<>(4);
      record.put("cohort_id", cohortId);
      record.put("distinct_id", ProfileRecords.distinctId(stream.next().get("$distinct_id")));
      record.put(MixpanelSchemas.GENERATED_TIMESTAMP, generatedAt);
      return record;
    }

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        if (stream != null) {
          stream.close();
          stream = null;
        }
        client.close();
      }
    }

    @Override
    public Map<String, Object> report() {
      return ProfileRecords.queryReport(client);
    }

    @Override
    public Map<String, Long> metrics() {
      Map<String, Long> metrics = ReadMetrics.of(client);
      metrics.merge(ReadMetrics.API_REQUESTS, planningRequests, Long::sum);
      return metrics;
    }
  }
}
