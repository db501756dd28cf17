package io.switchboard.model;

import java.util.List;

/**
 * Input fetched in one poll of one account's stream. {@code cursor} is where polling resumes once
 * every item went through ingest (stored, duplicate or quarantined); its format is the poller's.
 */
public record PollBatch(String account, String stream, String cursor, List<RawInbound> items) {
  public static PollBatch empty(String account, String stream) {
    return new PollBatch(account, stream, null, List.of());
  }

  /** A batch of one input that no poller delivered (import, quarantine reprocess): no cursor. */
  public static PollBatch of(RawInbound raw) {
    return new PollBatch(raw.account(), null, null, List.of(raw));
  }

  public boolean isEmpty() {
    return items.isEmpty();
  }
}
