package org.mixpanellakeflow.benchmarks.parse;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The limit every parse path is measured against: gunzip (for gzip) and Jackson's {@code
 * nextToken()} over every token of every line, one parser over the whole body (lines are root-level
 * values), building no object and decoding no string or number. Whatever a path does beyond this
 * is its own cost.
 */
public class TokenizeOnly extends ExportBenchmark {

  /** A default factory, as the client's; shared so field names are canonicalized once, as there. */
  static final JsonFactory FACTORY = JsonFactory.builder().build();

  @Override
  protected long read(ExportBody body, Blackhole blackhole) throws IOException {
    return tokenize(body.decoded());
  }

  /** The number of root-level values (lines) in {@code in}, closing it. */
  static long tokenize(InputStream in) throws IOException {
    long values = 0;
    int depth = 0;
    try (in;
        JsonParser parser = FACTORY.createParser(in)) {
      for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
        if (token.isStructStart()) {
          depth++;
        } else if (token.isStructEnd()) {
          depth--;
        }
        if (depth == 0) {
          values++;
        }
      }
    }
    return values;
  }
}
