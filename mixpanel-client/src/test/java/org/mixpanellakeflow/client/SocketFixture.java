package org.mixpanellakeflow.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback server that writes raw bytes, for what {@link FixtureServer} cannot do: drop a
 * connection in the middle of a body. Serves one connection at a time, one response each, and reads
 * only the request head, so it suits GET requests.
 */
final class SocketFixture implements AutoCloseable {

  private record Scripted(byte[] bytes) {}

  private static final byte[] NO_SCRIPT =
      "HTTP/1.1 500 No Script\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII);

  private final ServerSocket listener;
  private final Queue<Scripted> script = new ConcurrentLinkedQueue<>();
  private final AtomicInteger requests = new AtomicInteger();
  private final Thread acceptor;

  SocketFixture() throws IOException {
    listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    acceptor = new Thread(this::serve, "socket-fixture");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  URI baseUri() {
    return URI.create("http://127.0.0.1:" + listener.getLocalPort());
  }

  int requests() {
    return requests.get();
  }

  /** A complete 200 response, then a normal close. */
  SocketFixture thenOk(String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    script.add(new Scripted(concat(head(bytes.length), bytes)));
    return this;
  }

  /**
   * A 200 that promises more than {@code partialBody}, then closes the connection. A close rather
   * than a reset: a reset may discard bytes the client has not read yet, which makes the cut point
   * a race.
   */
  SocketFixture thenCutAfter(String partialBody) {
    byte[] bytes = partialBody.getBytes(StandardCharsets.UTF_8);
    script.add(new Scripted(concat(head(bytes.length + 100_000), bytes)));
    return this;
  }

  private void serve() {
    while (!listener.isClosed()) {
      try (Socket socket = listener.accept()) {
        readRequestHead(socket.getInputStream());
        requests.incrementAndGet();
        Scripted next = script.poll();
        OutputStream out = socket.getOutputStream();
        out.write(next == null ? NO_SCRIPT : next.bytes());
        out.flush();
      } catch (IOException e) {
        // closed listener or a client that went away: both end this connection only
      }
    }
  }

  private static void readRequestHead(InputStream in) throws IOException {
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    while (matched < end.length) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("client closed before the request head ended");
      }
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
    }
  }

  private static byte[] head(long contentLength) {
    return ("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: "
            + contentLength
            + "\r\nConnection: close\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(a.length + b.length);
    out.writeBytes(a);
    out.writeBytes(b);
    return out.toByteArray();
  }

  @Override
  public void close() throws IOException {
    listener.close();
  }
}
