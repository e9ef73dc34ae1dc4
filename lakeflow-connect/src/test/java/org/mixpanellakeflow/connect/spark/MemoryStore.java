package org.mixpanellakeflow.connect.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The data behind the test connectors, shared by the driver and the local-mode executors (one JVM).
 * Each test uses its own dataset name, so tests never see each other's records.
 */
final class MemoryStore {

  private static final Map<String, List<Map<String, Object>>> TABLES = new ConcurrentHashMap<>();

  private MemoryStore() {}

  static void append(String dataset, String table, List<Map<String, Object>> records) {
    List<Map<String, Object>> rows = rows(dataset, table);
    synchronized (rows) {
      rows.addAll(records);
    }
  }

  /** A copy of the records at positions [from, to). */
  static List<Map<String, Object>> slice(String dataset, String table, long from, long to) {
    List<Map<String, Object>> rows = rows(dataset, table);
    synchronized (rows) {
      return new ArrayList<>(rows.subList((int) from, (int) Math.min(to, rows.size())));
    }
  }

  static long size(String dataset, String table) {
    List<Map<String, Object>> rows = rows(dataset, table);
    synchronized (rows) {
      return rows.size();
    }
  }

  private static List<Map<String, Object>> rows(String dataset, String table) {
    return TABLES.computeIfAbsent(dataset + "/" + table, k -> new ArrayList<>());
  }
}
