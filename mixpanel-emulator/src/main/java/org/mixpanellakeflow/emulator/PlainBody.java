package org.mixpanellakeflow.emulator;

import java.io.IOException;
import java.io.OutputStream;

/** A chunked body of unknown length; the status line goes out with the first byte or flush. */
final class PlainBody extends ResponseBody {
  private final EmulatorExchange exchange;
  private final int status;
  private final String contentType;
  private OutputStream out;

  PlainBody(EmulatorExchange exchange, int status, String contentType) {
    this.exchange = exchange;
    this.status = status;
    this.contentType = contentType;
  }

  @Override
  public void write(byte[] bytes, int offset, int length) throws IOException {
    start().write(bytes, offset, length);
  }

  @Override
  void flushToClient() throws IOException {
    start().flush();
  }

  @Override
  public void close() throws IOException {
    start().close();
  }

  private OutputStream start() throws IOException {
    if (out == null) {
      out = exchange.startResponse(status, contentType, 0);
    }
    return out;
  }
}
