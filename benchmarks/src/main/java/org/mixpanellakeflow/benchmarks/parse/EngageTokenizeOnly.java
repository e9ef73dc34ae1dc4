package org.mixpanellakeflow.benchmarks.parse;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The limit for engage pages: Jackson's {@code nextToken()} over every token of the page, counting
 * the objects of {@code results} (depth 2) as profiles, building nothing.
 */
public class EngageTokenizeOnly extends EngageBenchmark {

  @Override
  protected long read(ByteArrayInputStream page, Blackhole blackhole) throws IOException {
    long profiles = 0;
    int depth = 0;
    try (JsonParser parser = TokenizeOnly.FACTORY.createParser(page)) {
      for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
        if (token.isStructStart()) {
          depth++;
        } else if (token.isStructEnd()) {
          depth--;
          if (depth == 2 && token == JsonToken.END_OBJECT) {
            profiles++;
          }
        }
      }
    }
    return profiles;
  }
}
