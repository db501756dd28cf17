package io.switchboard.conversation;

import io.switchboard.model.RawInbound;

/** Sends one raw input through the ingest route and returns how it came out. Thread-safe. */
@FunctionalInterface
public interface IngestGateway {
  IngestItem ingest(RawInbound raw);
}
