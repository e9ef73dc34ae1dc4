package org.mixpanellakeflow.emulator;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Objects;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A self-signed certificate for 127.0.0.1 and localhost, generated at start (EC P-256, valid for
 * 30 days) and written out as PEM, so clients can trust exactly this emulator. Only the public
 * certificate is written; the private key stays in memory. Immutable and thread safe.
 */
public final class EmulatorTls {
  private static final char[] IN_MEMORY_PASSWORD = "emulator".toCharArray();

  private final X509Certificate certificate;
  private final SSLContext serverContext;
  private final Path certificatePath;

  private EmulatorTls(X509Certificate certificate, SSLContext serverContext, Path certificatePath) {
    this.certificate = certificate;
    this.serverContext = serverContext;
    this.certificatePath = certificatePath;
  }

  /** Generates a key pair and certificate and writes the certificate to {@code directory/emulator-cert.pem}. */
  public static EmulatorTls generate(Path directory) {
    Objects.requireNonNull(directory, "directory is null");
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
      KeyPair keys = generator.generateKeyPair();
      X509Certificate certificate = selfSigned(keys);
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("emulator", keys.getPrivate(), IN_MEMORY_PASSWORD, new X509Certificate[] {certificate});
      KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keyManagers.init(store, IN_MEMORY_PASSWORD);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keyManagers.getKeyManagers(), null, null);
      Files.createDirectories(directory);
      Path pem = directory.resolve("emulator-cert.pem");
      Files.writeString(pem, pem(certificate), StandardCharsets.US_ASCII);
      return new EmulatorTls(certificate, context, pem);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the emulator certificate into " + directory
          + "; pass a writable directory", e);
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException("Cannot generate the emulator's TLS certificate: " + e.getMessage(), e);
    }
  }

  /** The PEM file clients should trust. */
  public Path certificatePath() {
    return certificatePath;
  }

  public X509Certificate certificate() {
    return certificate;
  }

  /** An SSL context that trusts this certificate only, for clients in tests. */
  public SSLContext clientContext() {
    try {
      KeyStore trusted = KeyStore.getInstance("PKCS12");
      trusted.load(null, null);
      trusted.setCertificateEntry("emulator", certificate);
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(trusted);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("Cannot build a client SSL context for the emulator certificate", e);
    }
  }

  HttpsServer createServer(InetSocketAddress address) throws IOException {
    HttpsServer server = HttpsServer.create(address, 0);
    server.setHttpsConfigurator(new HttpsConfigurator(serverContext));
    return server;
  }

  @Override
  public String toString() {
    return "EmulatorTls[" + certificatePath + "]";
  }

  private static X509Certificate selfSigned(KeyPair keys)
      throws CertIOException, OperatorCreationException, GeneralSecurityException {
    Instant now = Instant.now();
    X500Name name = new X500Name("CN=127.0.0.1, O=mixpanel-lakeflow emulator");
    JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name,
        BigInteger.valueOf(now.toEpochMilli()), Date.from(now.minus(Duration.ofMinutes(5))),
        Date.from(now.plus(Duration.ofDays(30))), name, keys.getPublic());
    builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
      new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.dNSName, "localhost")}));
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
    return new JcaX509CertificateConverter()
        .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
  }

  private static String pem(X509Certificate certificate) throws GeneralSecurityException {
    String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(certificate.getEncoded());
    return "-----BEGIN CERTIFICATE-----\n" + body + "\n-----END CERTIFICATE-----\n";
  }
}
