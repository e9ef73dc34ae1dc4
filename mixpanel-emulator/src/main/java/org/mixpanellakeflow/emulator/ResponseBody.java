package org.mixpanellakeflow.emulator;

import java.io.IOException;
import java.io.OutputStream;

/** A 200 body being written; knows how to push what it holds to the client right away. */
abstract class ResponseBody extends OutputStream {
  /** Sends the status line if it is still held back, and flushes every buffer to the socket. */
  abstract void flushToClient() throws IOException;

  /** False once the body has ended on purpose and further writes are dropped. */
  boolean acceptsMore() {
    return true;
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }
}
