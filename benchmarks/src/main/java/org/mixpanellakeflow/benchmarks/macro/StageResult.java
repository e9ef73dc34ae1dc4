package org.mixpanellakeflow.benchmarks.macro;

/**
 * One measured stage of one run.
 *
 * @param events events the stage delivered (rows read, lines counted or events sent in full)
 * @param eventsSource where {@code events} comes from
 * @param requests export requests the stand-in answered during the stage
 * @param bytesOnWire body bytes the stand-in sent during the stage
 */
record StageResult(
    String stage,
    int run,
    long events,
    String eventsSource,
    double seconds,
    long requests,
    long bytesOnWire,
    long abandonedResponses,
    MemoryWatch.Usage usage,
    String note) {

  double eventsPerSecond() {
    return seconds > 0 ? events / seconds : 0;
  }

  /** Cores kept busy on average: process CPU time over wall time (the stand-in's share included). */
  double coresBusy() {
    return seconds > 0 ? usage.cpuSeconds() / seconds : 0;
  }

  /** Events per CPU-second of the whole process. */
  double eventsPerCpuSecond() {
    return usage.cpuSeconds() > 0 ? events / usage.cpuSeconds() : 0;
  }
}
