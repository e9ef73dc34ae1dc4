package org.mixpanellakeflow.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * Builds the HTTP requests for each endpoint: host per region or override, Basic auth, {@code
 * project_id} only with a service account, gzip and a User-Agent. The Authorization header is the
 * only place a secret goes; URIs never carry one, so they are safe to log.
 */
final class MixpanelRequests {

  static final String EXPORT = "/api/2.0/export";
  static final String COHORTS_LIST = "/api/query/cohorts/list";
  static final String ENGAGE = "/api/query/engage";

  static final String USER_AGENT = "mixpanel-lakeflow/" + version();

  private final MixpanelClientConfig config;

  MixpanelRequests(MixpanelClientConfig config) {
    this.config = Objects.requireNonNull(config, "config is null");
  }

  HttpRequest export(ExportRequest request) {
    Map<String, String> params = projectParams();
    params.put("from_date", request.fromDate().toString());
    params.put("to_date", request.toDate().toString());
    if (!request.events().isEmpty()) {
      params.put("event", JsonValues.stringArray(request.events()));
    }
    if (request.where() != null) {
      params.put("where", request.where());
    }
    // milliseconds keep the order of events within one second; seconds are Mixpanel's default
    params.put("time_in_ms", "true");
    return base(uri(config.exportBaseUri(), EXPORT, params)).GET().build();
  }

  HttpRequest cohortsList() {
    return base(uri(config.queryBaseUri(), COHORTS_LIST, projectParams()))
        .POST(HttpRequest.BodyPublishers.noBody())
        .build();
  }

  HttpRequest engage(EngageQuery query, int page, String sessionId) {
    Map<String, String> form = new LinkedHashMap<>();
    if (query.where() != null) {
      form.put("where", query.where());
    }
    if (query.cohortId() != null) {
      form.put("filter_by_cohort", JsonValues.cohortFilter(query.cohortId()));
    }
    if (query.includeAllUsers() != null) {
      form.put("include_all_users", query.includeAllUsers().toString());
    }
    if (!query.outputProperties().isEmpty()) {
      form.put("output_properties", JsonValues.stringArray(query.outputProperties()));
    }
    if (query.pageSize() != null) {
      form.put("page_size", query.pageSize().toString());
    }
    form.put("page", Integer.toString(page));
    if (sessionId != null) {
      form.put("session_id", sessionId);
    }
    return base(uri(config.queryBaseUri(), ENGAGE, projectParams()))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(encode(form), StandardCharsets.UTF_8))
        .build();
  }

  private HttpRequest.Builder base(URI uri) {
    return HttpRequest.newBuilder(uri)
        .timeout(config.readTimeout())
        .header("Authorization", config.credentials().authorizationHeader())
        .header("Accept-Encoding", "gzip")
        .header("User-Agent", USER_AGENT);
  }

  private Map<String, String> projectParams() {
    Map<String, String> params = new LinkedHashMap<>();
    // a project secret already names the project, and some hosts reject it with project_id
    if (config.credentials().requiresProjectId()) {
      params.put("project_id", config.projectId().toString());
    }
    return params;
  }

  static URI uri(URI base, String path, Map<String, String> params) {
    String root = base.toString();
    while (root.endsWith("/")) {
      root = root.substring(0, root.length() - 1);
    }
    String query = encode(params);
    return URI.create(root + path + (query.isEmpty() ? "" : "?" + query));
  }

  static String encode(Map<String, String> params) {
    return params.entrySet().stream()
        .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
        .collect(Collectors.joining("&"));
  }

  private static String encode(String value) {
    // %20 rather than '+': both decode as a space in forms, only %20 does in every query parser
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String version() {
    Properties properties = new Properties();
    try (InputStream in = MixpanelRequests.class.getResourceAsStream("version.properties")) {
      if (in != null) {
        properties.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the client's version.properties", e);
    }
    return properties.getProperty("version", "dev");
  }
}
