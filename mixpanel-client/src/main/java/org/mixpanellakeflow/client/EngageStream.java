package org.mixpanellakeflow.client;

import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every profile an {@link EngageQuery} matches, paged as Mixpanel documents: page 0 starts a
 * session, later pages carry its {@code session_id}, and the first page holding fewer profiles than
 * its {@code page_size} (or none) is the last. A page is fetched when iteration reaches it, so
 * memory holds one page. Not thread safe; closing stops further requests.
 *
 * <p><b>Expired session.</b> If Mixpanel rejects a later page with an error about the session, the
 * stream starts a new session at page 0, once; a second such error is thrown. After a restart the
 * profiles come again from the beginning, so the ones delivered before it are delivered again
 * (possibly changed, in another order), and {@link #total()} becomes the new session's count. This
 * is never silent: it is logged at WARN, and {@link #sessionRestarts()} grows inside the {@code
 * hasNext()} that precedes the first repeated profile. A caller that upserts by {@code
 * $distinct_id} needs to do nothing; one that counts or appends profiles must drop what it kept
 * from this stream when {@code sessionRestarts()} grows.
 */
public final class EngageStream implements Iterator<Map<String, Object>>, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EngageStream.class);

  /** Fetches one page; {@link MixpanelClient#queryEngage} in production. */
  @FunctionalInterface
  interface PageSource {
    EngagePage page(EngageQuery query, int page, String sessionId);
  }

  private final PageSource source;
  private final EngageQuery query;
  private Iterator<Map<String, Object>> current = Collections.emptyIterator();
  private Long total;
  private String sessionId;
  private int nextPage;
  private int pagesRead;
  private int sessionRestarts;
  private long delivered;
  private boolean lastPageRead;
  private boolean closed;

  /** Reads page 0 at once, so that {@link #total()} is known and errors surface here. */
  EngageStream(PageSource source, EngageQuery query) {
    this.source = Objects.requireNonNull(source, "source is null");
    this.query = Objects.requireNonNull(query, "query is null");
    startSession();
  }

  @Override
  public boolean hasNext() {
    while (!closed) {
      if (current.hasNext()) {
        return true;
      }
      if (lastPageRead) {
        return false;
      }
      readNextPage();
    }
    return false;
  }

  @Override
  public Map<String, Object> next() {
    if (!hasNext()) {
      throw new NoSuchElementException(
          "the engage stream is exhausted after " + pagesRead + " pages");
    }
    delivered++;
    return current.next();
  }

  /** The match count Mixpanel reported with page 0 of the current session, if it sent one. */
  public OptionalLong total() {
    return total == null ? OptionalLong.empty() : OptionalLong.of(total);
  }

  /** How many times an expired session made the stream start again at page 0 (0 or 1). */
  public int sessionRestarts() {
    return sessionRestarts;
  }

  /** Pages fetched so far, restarts included. */
  public int pagesRead() {
    return pagesRead;
  }

  /** Stops paging; profiles not yet read are dropped. Idempotent. */
  @Override
  public void close() {
    closed = true;
    current = Collections.emptyIterator();
  }

  private void startSession() {
    EngagePage first = source.page(query, 0, null);
    total = first.total();
    accept(first, 0);
  }

  private void readNextPage() {
    EngagePage page;
    try {
      page = source.page(query, nextPage, sessionId);
    } catch (MixpanelRequestException e) {
      if (!e.mentionsSession() || sessionRestarts > 0) {
        throw e;
      }
      sessionRestarts++;
      LOG.warn(
          "Mixpanel engage session expired at page {} after {} profiles; starting again at page 0,"
              + " so those profiles will be delivered again",
          nextPage,
          delivered);
      startSession();
      return;
    }
    accept(page, nextPage);
  }

  private void accept(EngagePage page, int index) {
    pagesRead++;
    current = page.results().iterator();
    // page 0's total tells when the last page is in, which saves asking for an empty page when
    // the profiles fill the last page exactly
    boolean allRead = total != null && page.pageSize() > 0 && (long) page.pageSize() * (index + 1) >= total;
    if (!page.hasMore() || allRead) {
      lastPageRead = true;
      return;
    }
    if (page.sessionId() == null) {
      throw new MixpanelProtocolException(
          "Mixpanel "
              + MixpanelRequests.ENGAGE
              + " page "
              + index
              + " was full ("
              + page.results().size()
              + " profiles) but carried no session_id, so the next page cannot be asked for;"
              + " narrow the query with 'where' so that it fits one page, or report this to"
              + " Mixpanel support.",
          MixpanelRequests.ENGAGE,
          1,
          0,
          null);
    }
    sessionId = page.sessionId();
    nextPage = index + 1;
  }
}
