package org.mixpanellakeflow.benchmarks;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a figure needs beside it to mean anything: when, on what machine and JVM, and how busy the
 * machine was (load average), so a run on a shared machine is recognizable as one.
 */
public final class MachineInfo {

  private MachineInfo() {}

  public static Map<String, Object> describe() {
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("date", Instant.now().toString());
    info.put("host", hostName());
    info.put("cpu", cpuModel());
    info.put("cores", Runtime.getRuntime().availableProcessors());
    info.put("memoryTotal", firstLine(Path.of("/proc/meminfo"), "MemTotal:"));
    info.put("loadAverage", loadAverage());
    info.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
    info.put("maxHeapBytes", Runtime.getRuntime().maxMemory());
    info.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
    return info;
  }

  /** The 1, 5 and 15 minute load averages, or empty where /proc has none. */
  public static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return parts[0] + " " + parts[1] + " " + parts[2];
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }

  private static String cpuModel() {
    String line = firstLine(Path.of("/proc/cpuinfo"), "model name");
    int colon = line.indexOf(':');
    return colon < 0 ? line : line.substring(colon + 1).trim();
  }

  private static String firstLine(Path file, String prefix) {
    try {
      List<String> lines = Files.readAllLines(file);
      for (String line : lines) {
        if (line.startsWith(prefix)) {
          return line.substring(line.startsWith(prefix + ":") ? prefix.length() + 1 : 0).trim();
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: leave it empty
    }
    return "";
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "";
    }
  }
}
