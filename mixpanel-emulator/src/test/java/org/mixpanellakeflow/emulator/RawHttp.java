package org.mixpanellakeflow.emulator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A bare HTTP/1.1 client over a socket that keeps every byte the server sent before it dropped
 * the connection; the JDK client discards buffered data once a body fails.
 */
final class RawHttp {
  /**
   * @param status the status code
   * @param headers lower-cased names
   * @param body the de-chunked body bytes received
   * @param complete whether the terminating zero-length chunk arrived
   */
  record Response(int status, Map<String, String> headers, byte[] body, boolean complete) {}

  private RawHttp() {}

  static Response get(URI base, String pathAndQuery, String authorization, String... headers) {
    try (Socket socket = new Socket(base.getHost(), base.getPort())) {
      StringBuilder request = new StringBuilder("GET " + pathAndQuery + " HTTP/1.1\r\nHost: " + base.getHost()
          + "\r\nAuthorization: " + authorization + "\r\nConnection: close\r\n");
      for (int i = 0; i < headers.length; i += 2) {
        request.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
      }
      OutputStream out = socket.getOutputStream();
      out.write(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
      out.flush();
      byte[] raw = readUntilClosed(socket.getInputStream());
      return parse(raw);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] readUntilClosed(InputStream in) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    try {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        bytes.write(buffer, 0, n);
      }
    } catch (IOException e) {
      // a reset connection: what arrived before it is the point
    }
    return bytes.toByteArray();
  }

  private static Response parse(byte[] raw) {
    String text = new String(raw, StandardCharsets.ISO_8859_1);
    int headerEnd = text.indexOf("\r\n\r\n");
    String[] headerLines = text.substring(0, headerEnd).split("\r\n");
    int status = Integer.parseInt(headerLines[0].split(" ")[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < headerLines.length; i++) {
      int colon = headerLines[i].indexOf(':');
      headers.put(headerLines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), headerLines[i].substring(colon + 1).trim());
    }
    int position = headerEnd + 4;
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    if (!"chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      body.write(raw, position, raw.length - position);
      return new Response(status, headers, body.toByteArray(), true);
    }
    while (true) {
      int lineEnd = text.indexOf("\r\n", position);
      if (lineEnd < 0) {
        return new Response(status, headers, body.toByteArray(), false);
      }
      int size = Integer.parseInt(text.substring(position, lineEnd).trim(), 16);
      if (size == 0) {
        return new Response(status, headers, body.toByteArray(), true);
      }
      int start = lineEnd + 2;
      int available = Math.min(size, raw.length - start);
      body.write(raw, start, Math.max(0, available));
      if (available < size) {
        return new Response(status, headers, body.toByteArray(), false);
      }
      position = start + size + 2;
    }
  }
}
