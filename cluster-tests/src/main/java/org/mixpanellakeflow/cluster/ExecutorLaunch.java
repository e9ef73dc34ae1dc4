package org.mixpanellakeflow.cluster;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/** What Spark's launcher is told to build an executor's command line with. */
final class ExecutorLaunch {

  /**
   * Executors of a test live for seconds and run each code path a few times, on a machine whose
   * cores the driver and the other executors share: the C1 compiler alone and the serial
   * collector spend less CPU on warming up than C2 and G1's background threads (a probe of
   * count, Parquet and Delta writes and a Delta read took 89 s with them against 138 s without,
   * on a loaded 2-core machine).
   */
  private static final List<String> EXECUTOR_JIT_AND_GC = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

  private ExecutorLaunch() {}

  /**
   * This JVM's class path, verbatim: every Spark, Delta and project jar and the test classes, in
   * this JVM's order. A manifest-only jar (surefire's, an IDE's) works too: the executor JVM
   * expands its {@code Class-Path} as this one did.
   */
  static String classPath() {
    return System.getProperty("java.class.path");
  }

  /**
   * This JVM's module flags ({@code --add-opens} and the like, which the tests get from the root
   * pom's {@code spark.jvm.opens}), so that executors run with exactly the same ones, plus the
   * executors' logging setup and {@link #EXECUTOR_JIT_AND_GC}.
   */
  static String javaOptions(SparkHome home) {
    List<String> options = new ArrayList<>();
    List<String> arguments = ManagementFactory.getRuntimeMXBean().getInputArguments();
    for (int i = 0; i < arguments.size(); i++) {
      String argument = arguments.get(i);
      if (isModuleFlag(argument) && !argument.contains("=") && i + 1 < arguments.size()) {
        options.add(argument + "=" + arguments.get(++i));
      } else if (isModuleFlag(argument)
          || argument.equals("-XX:+IgnoreUnrecognizedVMOptions")
          || argument.startsWith("-Djdk.reflect.useDirectMethodHandle=")
          || argument.startsWith("-Dio.netty.tryReflectionSetAccessible=")) {
        options.add(argument);
      }
    }
    options.add("-Dlog4j2.configurationFile=" + home.executorLogConfig().toUri());
    options.addAll(EXECUTOR_JIT_AND_GC);
    return String.join(" ", options);
  }

  private static boolean isModuleFlag(String argument) {
    return argument.startsWith("--add-opens")
        || argument.startsWith("--add-exports")
        || argument.startsWith("--add-modules")
        || argument.startsWith("--add-reads");
  }

  /** "2.13" for Scala 2.13.16: what the launcher would otherwise find in a Spark source build. */
  static String scalaBinaryVersion() {
    String full = scala.util.Properties.versionNumberString();
    int second = full.indexOf('.', full.indexOf('.') + 1);
    return second < 0 ? full : full.substring(0, second);
  }
}
