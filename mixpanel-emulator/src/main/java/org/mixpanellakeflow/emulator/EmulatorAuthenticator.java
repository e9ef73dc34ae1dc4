package org.mixpanellakeflow.emulator;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Resolves the project a request acts on from its HTTP Basic credentials, as Mixpanel does.
 *
 * <ul>
 *   <li>Service account: {@code username:secret}; the {@code project_id} parameter is required
 *       and must name a project the account can access.
 *   <li>Project secret: {@code secret:} or a bare {@code secret}; it identifies the project, and a
 *       {@code project_id}, if sent, must agree.
 * </ul>
 *
 * The credentials after {@code Basic } may be base64 or, as Mixpanel's docs also show, plain text.
 * Messages never repeat a secret.
 */
final class EmulatorAuthenticator {
  static final String NO_CREDENTIALS =
      "Unable to authenticate request: no credentials. Send HTTP Basic auth with a service account"
          + " (username:secret) or the project API secret";
  static final String BAD_CREDENTIALS =
      "Unable to authenticate request: invalid service account or project secret";

  private final List<EmulatedProject> projects;

  EmulatorAuthenticator(List<EmulatedProject> projects) {
    this.projects = List.copyOf(projects);
  }

  /** The project of a read request (export, Query API). */
  EmulatedProject authenticate(EmulatorExchange exchange) {
    return authenticate(exchange, false);
  }

  /** The project of an /import request, which also takes the project token as Basic username. */
  EmulatedProject authenticateImport(EmulatorExchange exchange) {
    return authenticate(exchange, true);
  }

  private EmulatedProject authenticate(EmulatorExchange exchange, boolean tokenAllowed) {
    String header = exchange.header("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
      throw ApiException.unauthorized(NO_CREDENTIALS);
    }
    String token = header.substring(6).trim();
    Optional<EmulatedProject> project = decodeBase64(token)
        .flatMap(credentials -> resolve(credentials, exchange, tokenAllowed))
        .or(() -> resolve(token, exchange, tokenAllowed));
    return project.orElseThrow(() -> ApiException.unauthorized(BAD_CREDENTIALS));
  }

  /** Empty when the credentials match nothing; throws when they match but the project is wrong. */
  private Optional<EmulatedProject> resolve(String credentials, EmulatorExchange exchange, boolean tokenAllowed) {
    int colon = credentials.indexOf(':');
    String user = colon < 0 ? credentials : credentials.substring(0, colon);
    String password = colon < 0 ? "" : credentials.substring(colon + 1);
    if (password.isEmpty()) {
      Optional<EmulatedProject> bySecret = bySecret(user, exchange);
      if (bySecret.isPresent() || !tokenAllowed) {
        return bySecret;
      }
      return projects.stream().filter(p -> p.acceptsToken(user)).findFirst();
    }
    return byServiceAccount(user, password, exchange);
  }

  private Optional<EmulatedProject> bySecret(String secret, EmulatorExchange exchange) {
    Optional<EmulatedProject> project = projects.stream().filter(p -> p.acceptsSecret(secret)).findFirst();
    project.ifPresent(p -> {
      Long requested = requestedProjectId(exchange);
      if (requested != null && requested != p.projectId()) {
        throw ApiException.forbidden(
            "The project secret does not belong to project_id " + requested
                + ". Drop project_id or use that project's secret");
      }
    });
    return project;
  }

  private Optional<EmulatedProject> byServiceAccount(String user, String secret, EmulatorExchange exchange) {
    List<EmulatedProject> accessible = projects.stream().filter(p -> p.grantsAccessTo(user, secret)).toList();
    if (accessible.isEmpty()) {
      return Optional.empty();
    }
    Long requested = requestedProjectId(exchange);
    if (requested == null) {
      throw ApiException.badRequest(
          "project_id is required when authenticating with a service account. Add ?project_id=<your project id>");
    }
    return Optional.of(accessible.stream()
        .filter(p -> p.projectId() == requested)
        .findFirst()
        .orElseThrow(() -> ApiException.forbidden(
            "Service account " + user + " does not have access to project " + requested
                + ". Grant it a role in that project or use a project it belongs to")));
  }

  private static Long requestedProjectId(EmulatorExchange exchange) {
    String raw = exchange.param("project_id");
    if (raw == null) {
      return null;
    }
    try {
      long id = Long.parseLong(raw.trim());
      if (id > 0) {
        return id;
      }
    } catch (NumberFormatException e) {
      // reported below with the same message as a non-positive id
    }
    throw ApiException.badRequest("Invalid project_id '" + raw + "': expected a positive integer");
  }

  private static Optional<String> decodeBase64(String token) {
    try {
      byte[] bytes = Base64.getDecoder().decode(token);
      return Optional.of(StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString());
    } catch (IllegalArgumentException | CharacterCodingException e) {
      // not base64 text: the caller tries the token as plain "user:secret"
      return Optional.empty();
    }
  }
}
