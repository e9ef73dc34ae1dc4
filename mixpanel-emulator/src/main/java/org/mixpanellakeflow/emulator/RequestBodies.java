package org.mixpanellakeflow.emulator;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/** Reads request bodies: gunzips {@code Content-Encoding: gzip} and caps the uncompressed size. */
final class RequestBodies {
  private RequestBodies() {}

  static byte[] read(InputStream raw, String contentEncoding, int maxBytes) throws IOException {
    boolean gzip = contentEncoding != null && contentEncoding.trim().toLowerCase(Locale.ROOT).equals("gzip");
    if (contentEncoding != null && !gzip && !contentEncoding.isBlank()
        && !contentEncoding.trim().equalsIgnoreCase("identity")) {
      raw.readAllBytes();
      throw ApiException.badRequest(
          "Unsupported Content-Encoding '" + contentEncoding + "'; send the body plain or gzip-compressed");
    }
    try (InputStream in = gzip ? new GZIPInputStream(raw) : raw) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buffer = new byte[16 * 1024];
      int read;
      while ((read = in.read(buffer)) >= 0) {
        out.write(buffer, 0, read);
        if (out.size() > maxBytes) {
          raw.readAllBytes();
          throw ApiException.payloadTooLarge("request exceeds max limit of " + maxBytes + " bytes");
        }
      }
      return out.toByteArray();
    } catch (ZipException | EOFException e) {
      throw ApiException.badRequest("The body is not valid gzip (" + e.getMessage() + "); compress it with gzip or drop Content-Encoding");
    }
  }
}
