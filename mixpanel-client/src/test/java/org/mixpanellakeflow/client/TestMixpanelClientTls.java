package org.mixpanellakeflow.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS against a server whose certificate no public CA signed, as the emulator's would be. */
class TestMixpanelClientTls {

  private static final char[] PASSWORD = "changeit".toCharArray();
  private static final String COHORTS = "[{\"id\": 1, \"name\": \"Cohort One\"}]";

  @TempDir static Path directory;
  private static Path caPem;
  private static HttpsServer server;
  private static ExecutorService executor;

  @BeforeAll
  static void startServerWithAFreshCertificate() throws Exception {
    Path keyStore = directory.resolve("server.p12");
    caPem = directory.resolve("ca.pem");
    keytool(
        "-genkeypair",
        "-alias",
        "server",
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-dname",
        "CN=localhost",
        "-ext",
        "SAN=ip:127.0.0.1,dns:localhost",
        "-validity",
        "2",
        "-keystore",
        keyStore.toString(),
        "-storetype",
        "PKCS12",
        "-storepass",
        new String(PASSWORD),
        "-keypass",
        new String(PASSWORD));
    keytool(
        "-exportcert",
        "-rfc",
        "-alias",
        "server",
        "-keystore",
        keyStore.toString(),
        "-storepass",
        new String(PASSWORD),
        "-file",
        caPem.toString());

    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keyStore)) {
      store.load(in, PASSWORD);
    }
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(store, PASSWORD);
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(keys.getKeyManagers(), null, null);

    server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(tls));
    executor = Executors.newFixedThreadPool(2);
    server.setExecutor(executor);
    server.createContext(
        "/",
        exchange -> {
          byte[] body = COHORTS.getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
  }

  @AfterAll
  static void stopServer() {
    server.stop(0);
    executor.shutdownNow();
  }

  @Test
  void trustsTheServerWhenItsCaIsGiven() {
    try (MixpanelClient client =
        MixpanelClient.create(config().extraCaCertificate(caPem).build())) {
      List<?> cohorts = client.listCohorts();

      assertThat(cohorts).hasSize(1);
    }
  }

  @Test
  void refusesTheServerWithoutItsCaAndPointsAtTheOption() {
    try (MixpanelClient client = MixpanelClient.create(config().build())) {
      assertThatThrownBy(client::listCohorts)
          .isInstanceOf(MixpanelException.class)
          .hasMessageStartingWith(
              "Mixpanel /api/query/cohorts/list (project 7) failed with unreachable after 1"
                  + " attempt. The TLS handshake failed (javax.net.ssl.SSLHandshakeException:")
          .hasMessageEndingWith(
              "); if the server shows a certificate from a private CA (the emulator over HTTPS,"
                  + " a TLS-inspecting proxy), set extraCaCertificate to that CA's PEM file;"
                  + " certificate checks are never switched off.");
    }
  }

  @Test
  void missingCaFileIsNamedWithTheFix() {
    Path missing = directory.resolve("missing.pem");
    MixpanelClientConfig config = config().extraCaCertificate(missing).build();

    assertThatThrownBy(() -> MixpanelClient.create(config))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Cannot read extraCaCertificate '"
                + missing
                + "' (java.nio.file.NoSuchFileException: "
                + missing
                + "); point it at a readable PEM file holding the CA certificate");
  }

  @Test
  void caFileWithoutCertificateIsRejected() throws IOException {
    Path empty = Files.writeString(directory.resolve("empty.pem"), "");
    MixpanelClientConfig config = config().extraCaCertificate(empty).build();

    assertThatThrownBy(() -> MixpanelClient.create(config))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Invalid extraCaCertificate '"
                + empty
                + "': it holds no certificate; export the CA certificate as PEM (-----BEGIN"
                + " CERTIFICATE-----), e.g. with 'keytool -exportcert -rfc'");
  }

  @Test
  void caFileThatIsNotACertificateIsRejected() throws IOException {
    Path key =
        Files.writeString(directory.resolve("key.pem"), "-----BEGIN PRIVATE KEY-----\nAAAA\n");
    MixpanelClientConfig config = config().extraCaCertificate(key).build();

    assertThatThrownBy(() -> MixpanelClient.create(config))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "Invalid extraCaCertificate '"
                + key
                + "': it is not an X.509 certificate in PEM or"
                + " DER form (")
        .hasMessageEndingWith("e.g. with 'keytool -exportcert -rfc'");
  }

  private static MixpanelClientConfig.Builder config() {
    return MixpanelClientConfig.builder()
        .baseUriOverride(URI.create("https://127.0.0.1:" + server.getAddress().getPort()))
        .credentials(MixpanelCredentials.serviceAccount("svc.reader", "tls-secret"))
        .projectId(7L)
        .connectTimeout(Duration.ofSeconds(5))
        .readTimeout(Duration.ofSeconds(30));
  }

  private static void keytool(String... arguments) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(arguments));
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(directory.resolve("keytool.log").toFile())
            .start();
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IllegalStateException(
          "keytool "
              + arguments[0]
              + " failed: "
              + Files.readString(directory.resolve("keytool.log")));
    }
  }
}
