package io.switchboard.channel;

import io.switchboard.conversation.IngestItem;

/** Sends one raw input through the ingest route and returns how it came out. Thread-safe. */
@FunctionalInterface
public interface IngestGateway {
  IngestItem ingest(RawInbound raw);
}
