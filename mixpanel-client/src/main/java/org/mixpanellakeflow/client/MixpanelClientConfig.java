package org.mixpanellakeflow.client;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything a {@link MixpanelClient} needs. Immutable; {@code toString} redacts secrets.
 *
 * @param region where the project lives; picks the export and Query API hosts
 * @param baseUriOverride when set, both export and Query API calls go to this base instead of the
 *     region's hosts (the local emulator, a proxy); {@code null} otherwise
 * @param credentials service account or project secret
 * @param projectId the numeric project id; required with a service account, ignored (never sent)
 *     with a project secret; {@code null} when absent
 * @param connectTimeout limit on opening a connection
 * @param readTimeout limit on waiting for the response to start and on any later pause in the body;
 *     generous because an export can think for minutes before the first byte
 * @param maxAttempts attempts per request including the first, at least 1
 * @param maxRetryWait cap on the total time one request may spend retrying
 * @param exportBudget the project's raw export limits; {@code null} picks the default: Mixpanel's
 *     documented limit for the region hosts, none with a base URI override (an emulator or proxy
 *     whose limits Mixpanel's do not describe)
 * @param queryBudget the same for the Query API (engage, cohorts)
 * @param exportShare the part of {@code exportBudget} this client may use; {@link
 *     BudgetShare#whole()} for a client alone, a planned lane when several clients in different
 *     JVMs read the same project at once
 * @param queryShare the same for {@code queryBudget}
 * @param rateLimitTimeScale how many times faster than the clock the budgets' windows pass: 1 for
 *     Mixpanel, more for an emulator whose rate limits run on a scaled clock
 * @param maxRateLimitWait how long one request may wait in all for Mixpanel's 429s to clear,
 *     following {@code Retry-After}; longer than {@code maxRetryWait} because an exhausted hourly
 *     limit takes up to an hour to free
 * @param engagePagesCounted whether engage pages after the first count toward the query budget's
 *     rolling hour; Mixpanel support says they do not, so by default only page 0 does (every page
 *     still takes a concurrent slot)
 * @param onMalformedLine what an export does with a line that is not a JSON event
 * @param extraCaCertificate a PEM file of CA certificates trusted in addition to the JVM's own (the
 *     emulator over HTTPS, a TLS-inspecting proxy), or {@code null}; verification itself is never
 *     turned off
 */
public record MixpanelClientConfig(
    Region region,
    URI baseUriOverride,
    MixpanelCredentials credentials,
    Long projectId,
    Duration connectTimeout,
    Duration readTimeout,
    int maxAttempts,
    Duration maxRetryWait,
    RequestBudget exportBudget,
    RequestBudget queryBudget,
    BudgetShare exportShare,
    BudgetShare queryShare,
    double rateLimitTimeScale,
    Duration maxRateLimitWait,
    boolean engagePagesCounted,
    OnMalformedLine onMalformedLine,
    Path extraCaCertificate) {

  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofMinutes(10);
  public static final int DEFAULT_MAX_ATTEMPTS = 6;
  public static final Duration DEFAULT_MAX_RETRY_WAIT = Duration.ofMinutes(5);
  public static final Duration DEFAULT_MAX_RATE_LIMIT_WAIT = Duration.ofHours(1);

  public MixpanelClientConfig {
    Objects.requireNonNull(region, "region is null: set option 'region' to US, EU or IN");
    Objects.requireNonNull(
        credentials,
        "credentials are null: set 'username' and 'secret' (service account) or 'api_secret'");
    Objects.requireNonNull(connectTimeout, "connectTimeout is null");
    Objects.requireNonNull(readTimeout, "readTimeout is null");
    Objects.requireNonNull(maxRetryWait, "maxRetryWait is null");
    Objects.requireNonNull(exportShare, "exportShare is null");
    Objects.requireNonNull(queryShare, "queryShare is null");
    Objects.requireNonNull(maxRateLimitWait, "maxRateLimitWait is null");
    if (!(rateLimitTimeScale > 0) || Double.isInfinite(rateLimitTimeScale)) {
      throw new IllegalArgumentException(
          "Invalid rate limit time scale " + rateLimitTimeScale + ": expected a number above 0");
    }
    if (maxRateLimitWait.isNegative()) {
      throw new IllegalArgumentException(
          "Invalid maxRateLimitWait " + maxRateLimitWait + ": expected zero or more");
    }
    Objects.requireNonNull(onMalformedLine, "onMalformedLine is null: use FAIL or SKIP");
    if (exportBudget == null) {
      exportBudget =
          baseUriOverride == null ? RequestBudget.exportDefault() : RequestBudget.unlimited();
    }
    if (queryBudget == null) {
      queryBudget =
          baseUriOverride == null ? RequestBudget.queryDefault() : RequestBudget.unlimited();
    }
    if (baseUriOverride != null) {
      String scheme = baseUriOverride.getScheme();
      if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme)) {
        throw new IllegalArgumentException(
            "Invalid base URI override '"
                + baseUriOverride
                + "': expected an absolute http or https URI such as http://127.0.0.1:8080");
      }
      if (baseUriOverride.getRawQuery() != null || baseUriOverride.getRawUserInfo() != null) {
        throw new IllegalArgumentException(
            "Invalid base URI override: it must not carry a query or user info; pass"
                + " credentials through 'username'/'secret' or 'api_secret'");
      }
    }
    if (projectId != null && projectId <= 0) {
      throw new IllegalArgumentException(
          "Invalid value for option 'project_id': '"
              + projectId
              + "' (expected a positive integer, the id shown in Mixpanel's Project Settings)");
    }
    if (projectId == null && credentials.requiresProjectId()) {
      throw new IllegalArgumentException(
          "Missing option 'project_id': a service account needs the numeric project id"
              + " (Mixpanel: Settings > Project Settings); set 'project_id' or authenticate with"
              + " 'api_secret' instead");
    }
    requirePositive(connectTimeout, "connectTimeout");
    requirePositive(readTimeout, "readTimeout");
    if (maxRetryWait.isNegative()) {
      throw new IllegalArgumentException(
          "Invalid maxRetryWait " + maxRetryWait + ": expected zero (no retries) or more");
    }
    if (maxAttempts < 1) {
      throw new IllegalArgumentException(
          "Invalid maxAttempts " + maxAttempts + ": expected at least 1 (1 means never retry)");
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Base URI for the raw export API: the override if set, else the region's data host. */
  public URI exportBaseUri() {
    return baseUriOverride != null ? baseUriOverride : region.exportBaseUri();
  }

  /** Base URI for the Query API: the override if set, else the region's query host. */
  public URI queryBaseUri() {
    return baseUriOverride != null ? baseUriOverride : region.queryBaseUri();
  }

  private static void requirePositive(Duration value, String name) {
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(
          "Invalid " + name + " " + value + ": expected a positive duration");
    }
  }

  /** Builder with the documented defaults; region defaults to US. */
  public static final class Builder {
    private Region region = Region.US;
    private URI baseUriOverride;
    private MixpanelCredentials credentials;
    private Long projectId;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Duration readTimeout = DEFAULT_READ_TIMEOUT;
    private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
    private Duration maxRetryWait = DEFAULT_MAX_RETRY_WAIT;
    private RequestBudget exportBudget;
    private RequestBudget queryBudget;
    private BudgetShare exportShare = BudgetShare.whole();
    private BudgetShare queryShare = BudgetShare.whole();
    private double rateLimitTimeScale = 1;
    private Duration maxRateLimitWait = DEFAULT_MAX_RATE_LIMIT_WAIT;
    private boolean engagePagesCounted;
    private OnMalformedLine onMalformedLine = OnMalformedLine.FAIL;
    private Path extraCaCertificate;

    private Builder() {}

    public Builder region(Region region) {
      this.region = region;
      return this;
    }

    public Builder baseUriOverride(URI baseUriOverride) {
      this.baseUriOverride = baseUriOverride;
      return this;
    }

    public Builder credentials(MixpanelCredentials credentials) {
      this.credentials = credentials;
      return this;
    }

    public Builder projectId(Long projectId) {
      this.projectId = projectId;
      return this;
    }

    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = connectTimeout;
      return this;
    }

    public Builder readTimeout(Duration readTimeout) {
      this.readTimeout = readTimeout;
      return this;
    }

    public Builder maxAttempts(int maxAttempts) {
      this.maxAttempts = maxAttempts;
      return this;
    }

    public Builder maxRetryWait(Duration maxRetryWait) {
      this.maxRetryWait = maxRetryWait;
      return this;
    }

    /** Overrides the default export budget; see {@link MixpanelClientConfig#exportBudget()}. */
    public Builder exportBudget(RequestBudget exportBudget) {
      this.exportBudget = exportBudget;
      return this;
    }

    /** Overrides the default Query API budget; see {@link MixpanelClientConfig#queryBudget()}. */
    public Builder queryBudget(RequestBudget queryBudget) {
      this.queryBudget = queryBudget;
      return this;
    }

    /** This client's part of the export budget; see {@link BudgetShare}. */
    public Builder exportShare(BudgetShare exportShare) {
      this.exportShare = exportShare;
      return this;
    }

    /** This client's part of the Query API budget; see {@link BudgetShare}. */
    public Builder queryShare(BudgetShare queryShare) {
      this.queryShare = queryShare;
      return this;
    }

    /** See {@link MixpanelClientConfig#rateLimitTimeScale()}. */
    public Builder rateLimitTimeScale(double rateLimitTimeScale) {
      this.rateLimitTimeScale = rateLimitTimeScale;
      return this;
    }

    /** See {@link MixpanelClientConfig#maxRateLimitWait()}. */
    public Builder maxRateLimitWait(Duration maxRateLimitWait) {
      this.maxRateLimitWait = maxRateLimitWait;
      return this;
    }

    /** Counts every engage page toward the query budget's rolling hour, not only page 0. */
    public Builder countEngagePagesHourly() {
      this.engagePagesCounted = true;
      return this;
    }

    public Builder onMalformedLine(OnMalformedLine onMalformedLine) {
      this.onMalformedLine = onMalformedLine;
      return this;
    }

    /** Skips export lines that are not JSON events, counting them, instead of failing. */
    public Builder skipMalformedLines() {
      return onMalformedLine(OnMalformedLine.SKIP);
    }

    /** Also trusts the CA certificate(s) in this PEM file; see the record's Javadoc. */
    public Builder extraCaCertificate(Path extraCaCertificate) {
      this.extraCaCertificate = extraCaCertificate;
      return this;
    }

    public MixpanelClientConfig build() {
      return new MixpanelClientConfig(
          region,
          baseUriOverride,
          credentials,
          projectId,
          connectTimeout,
          readTimeout,
          maxAttempts,
          maxRetryWait,
          exportBudget,
          queryBudget,
          exportShare,
          queryShare,
          rateLimitTimeScale,
          maxRateLimitWait,
          engagePagesCounted,
          onMalformedLine,
          extraCaCertificate);
    }
  }
}
