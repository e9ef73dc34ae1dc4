package org.mixpanellakeflow.emulator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Damages a 200 body as its {@link Fault} says. Works on the uncompressed bytes a line at a time
 * (a body without newlines is one line, released on close), below the JSONL writer and above
 * gzip. A reset flushes what came before to the client and then fails the exchange with an
 * {@link IOException}, which makes the server drop the connection mid-body. Not thread safe.
 */
final class FaultyBody extends ResponseBody {
  static final byte[] TERMINATED_EARLY = "terminated early".getBytes(StandardCharsets.UTF_8);

  private final Fault fault;
  private final ResponseBody downstream;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream(1024);
  private long lines;
  private long bytes;
  private boolean ended;

  FaultyBody(Fault fault, ResponseBody downstream) {
    this.fault = fault;
    this.downstream = downstream;
  }

  @Override
  public void write(byte[] data, int offset, int length) throws IOException {
    for (int i = offset; i < offset + length && !ended; i++) {
      line.write(data[i]);
      if (data[i] == '\n') {
        releaseLine();
      }
    }
  }

  @Override
  boolean acceptsMore() {
    return !ended;
  }

  @Override
  void flushToClient() throws IOException {
    downstream.flushToClient();
  }

  @Override
  public void close() throws IOException {
    if (!ended && line.size() > 0) {
      releaseLine();
    }
    downstream.close();
  }

  private void releaseLine() throws IOException {
    byte[] current = line.toByteArray();
    line.reset();
    switch (fault.kind()) {
      case RESET_AFTER_LINES -> {
        if (lines == fault.amount()) {
          reset();
        }
        send(current);
      }
      case TERMINATED_EARLY -> {
        if (lines == fault.amount()) {
          send(Arrays.copyOf(current, Math.max(1, current.length / 2)));
          send(new byte[] {'\n'});
          send(TERMINATED_EARLY);
          ended = true;
          return;
        }
        send(current);
      }
      case SPLIT_RECORD -> {
        if (lines == fault.amount() && current.length > 2) {
          int middle = current.length / 2;
          downstreamWrite(current, 0, middle);
          downstreamWrite(new byte[] {'\n'}, 0, 1);
          downstreamWrite(current, middle, current.length - middle);
        } else {
          send(current);
        }
      }
      case SLOW_BODY -> {
        pause();
        send(current);
        downstream.flushToClient();
      }
      default -> send(current);
    }
    lines++;
  }

  /** Writes through, honouring a byte-count reset. */
  private void send(byte[] data) throws IOException {
    if (fault.kind() == Fault.Kind.RESET_AFTER_BYTES && bytes + data.length >= fault.amount()) {
      int allowed = (int) (fault.amount() - bytes);
      downstreamWrite(data, 0, allowed);
      reset();
    }
    downstreamWrite(data, 0, data.length);
  }

  private void downstreamWrite(byte[] data, int offset, int length) throws IOException {
    downstream.write(data, offset, length);
    bytes += length;
  }

  private void reset() throws IOException {
    downstream.flushToClient();
    ended = true;
    throw new IOException("Injected fault: " + fault.description());
  }

  private void pause() throws IOException {
    try {
      Thread.sleep(fault.duration().toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("Interrupted while slowing the body down", e);
    }
  }
}
