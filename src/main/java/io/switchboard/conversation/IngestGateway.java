package io.switchboard.conversation;

import io.switchboard.model.PollBatch;
import io.switchboard.model.RawInbound;
import java.util.function.Function;

/** Sends one raw input through the ingest route and returns how it came out. Thread-safe. */
@FunctionalInterface
public interface IngestGateway {
  IngestItem ingest(RawInbound raw);

  /** A gateway over the ingest route, which takes a poll batch: here a batch of one. */
  static IngestGateway over(Function<PollBatch, IngestBatch> route) {
    return raw -> route.apply(PollBatch.of(raw)).only();
  }
}
