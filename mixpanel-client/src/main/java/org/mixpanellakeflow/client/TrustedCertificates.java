package org.mixpanellakeflow.client;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Builds the TLS context for {@link MixpanelClientConfig#extraCaCertificate()}: the JVM's trusted
 * CAs plus the file's. Certificate and host name checks stay the JDK's own; this only widens the
 * set of trusted roots, and nothing here can turn verification off.
 */
final class TrustedCertificates {

  private static final String OPTION = "extraCaCertificate";

  private TrustedCertificates() {}

  static SSLContext withExtraCa(Path pem) {
    List<X509Certificate> extra = read(pem);
    try {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int alias = 0;
      for (X509Certificate ca : jvmTrustManager().getAcceptedIssuers()) {
        store.setCertificateEntry("jvm-" + alias++, ca);
      }
      for (X509Certificate ca : extra) {
        store.setCertificateEntry("extra-" + alias++, ca);
      }
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, factory.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException(
          "Cannot build a TLS context trusting " + OPTION + " '" + pem + "': " + e, e);
    }
  }

  private static List<X509Certificate> read(Path pem) {
    Collection<? extends Certificate> certificates;
    try (InputStream in = Files.newInputStream(pem)) {
      certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "Cannot read "
              + OPTION
              + " '"
              + pem
              + "' ("
              + e
              + "); point it at a readable PEM file holding the CA certificate",
          e);
    } catch (CertificateException e) {
      throw invalid(
          pem, "it is not an X.509 certificate in PEM or DER form (" + e.getMessage() + ")");
    }
    List<X509Certificate> result = new ArrayList<>();
    for (Certificate certificate : certificates) {
      if (certificate instanceof X509Certificate x509) {
        result.add(x509);
      }
    }
    if (result.isEmpty()) {
      throw invalid(pem, "it holds no certificate");
    }
    return result;
  }

  private static IllegalArgumentException invalid(Path pem, String problem) {
    return new IllegalArgumentException(
        "Invalid "
            + OPTION
            + " '"
            + pem
            + "': "
            + problem
            + "; export the CA certificate as PEM (-----BEGIN CERTIFICATE-----), e.g. with"
            + " 'keytool -exportcert -rfc'");
  }

  private static X509TrustManager jvmTrustManager() throws GeneralSecurityException {
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init((KeyStore) null);
    for (TrustManager manager : factory.getTrustManagers()) {
      if (manager instanceof X509TrustManager x509) {
        return x509;
      }
    }
    throw new KeyStoreException("the JVM has no X.509 trust manager");
  }
}
