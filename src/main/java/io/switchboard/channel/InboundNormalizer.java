package io.switchboard.channel;

import io.switchboard.model.InboundMessage;
import io.switchboard.model.MalformedInputException;
import io.switchboard.model.RawInbound;

/** Turns a channel's raw input into the one conversation model. Stateless and thread-safe. */
public interface InboundNormalizer {
  /** The channel this normalizer reads, e.g. {@code email}. */
  String channel();

  InboundMessage normalize(RawInbound raw) throws MalformedInputException;
}
