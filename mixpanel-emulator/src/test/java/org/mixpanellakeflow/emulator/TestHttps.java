package org.mixpanellakeflow.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mixpanellakeflow.emulator.EmulatorHttpClient.NOW;
import static org.mixpanellakeflow.emulator.EmulatorHttpClient.basic;
import static org.mixpanellakeflow.emulator.EmulatorHttpClient.lines;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestHttps {
  @Test
  void servesHttpsWithACertificateWrittenAsPem(@TempDir Path directory) throws Exception {
    EmulatorTls tls = EmulatorTls.generate(directory);
    EmulatedProject project = EmulatedProject.builder(2901).apiSecret("tls-secret").eventsPerDay(7)
        .eventDays(LocalDate.of(2024, 6, 1), LocalDate.of(2024, 6, 1)).build();

    try (MixpanelEmulator emulator = MixpanelEmulator.builder().clock(Clock.fixed(NOW, ZoneOffset.UTC)).https(tls)
        .project(project).start()) {
      HttpClient client = HttpClient.newBuilder().sslContext(tls.clientContext()).build();
      HttpResponse<String> response = client.send(HttpRequest.newBuilder(
              URI.create(emulator.baseUri() + "/api/2.0/export?from_date=2024-06-01&to_date=2024-06-01&time_in_ms=true"))
          .header("Authorization", basic("tls-secret", "")).build(), HttpResponse.BodyHandlers.ofString());

      assertThat(emulator.baseUri().toString()).startsWith("https://127.0.0.1:");
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(lines(response.body())).isEqualTo(project.events(LocalDate.of(2024, 6, 1), LocalDate.of(2024, 6, 1), NOW));
    }
    assertThat(tls.certificatePath()).isEqualTo(directory.resolve("emulator-cert.pem"));
    assertThat(Files.readString(tls.certificatePath())).startsWith("-----BEGIN CERTIFICATE-----\n")
        .endsWith("-----END CERTIFICATE-----\n").doesNotContain("PRIVATE");
    try (InputStream pem = Files.newInputStream(tls.certificatePath())) {
      X509Certificate parsed = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(pem);
      assertThat(parsed).isEqualTo(tls.certificate());
      assertThat(parsed.getSubjectAlternativeNames().stream().map(name -> (Object) name.get(1)).toList())
          .contains("127.0.0.1", "localhost");
    }
  }
}
