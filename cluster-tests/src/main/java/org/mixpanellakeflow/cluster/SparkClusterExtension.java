package org.mixpanellakeflow.cluster;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives test classes the one {@link SparkCluster} of this JVM as a parameter of constructors,
 * {@code @BeforeAll} and test methods:
 *
 * <pre>{@code
 * @ExtendWith(SparkClusterExtension.class)
 * class TestSomething {
 *   @BeforeAll
 *   static void start(SparkCluster cluster) { spark = cluster.session(); }
 * }
 * }</pre>
 *
 * The cluster starts on first use with {@link SparkCluster#builder()}'s defaults and lives in the
 * root extension store, so every test class of the run shares it and JUnit closes it after the
 * last one, whether tests passed or not. A failed start is kept too: later classes fail at once
 * with the same cause instead of waiting for their own timeout.
 */
public final class SparkClusterExtension implements ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(SparkClusterExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == SparkCluster.class;
  }

  @Override
  public SparkCluster resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context.getRoot()
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(Shared.class, key -> Shared.start(), Shared.class)
        .cluster();
  }

  /** The started cluster or why it did not start; closed by JUnit with the root context. */
  private record Shared(SparkCluster started, RuntimeException failure)
      implements ExtensionContext.Store.CloseableResource {

    static Shared start() {
      try {
        return new Shared(SparkCluster.builder().start(), null);
      } catch (RuntimeException e) {
        return new Shared(null, e);
      }
    }

    SparkCluster cluster() {
      if (failure != null) {
        throw new IllegalStateException("The shared test cluster did not start: " + failure.getMessage(), failure);
      }
      return started;
    }

    @Override
    public void close() {
      if (started != null) {
        started.close();
      }
    }
  }
}
