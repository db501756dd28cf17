package io.switchboard.channel;

import io.switchboard.model.OutboundMessage;
import java.util.Optional;

/**
 * The outbound half of a channel. Implementations only say how to post; the outbox around them
 * makes sure each reply is attempted in order, retried with backoff and never recorded twice.
 * Implementations must be thread-safe.
 */
public interface ChannelSender {
  String channel();

  /**
   * An id for a reply chosen before it is sent, where the channel lets us choose (an email
   * Message-ID). Recorded with the reply so the copy that comes back on the next poll is known.
   */
  Optional<String> assignExternalId(String account);

  /**
   * Sends the reply and returns the channel's id for it.
   *
   * @throws SendException with {@code retryable} false when sending again cannot help
   */
  String send(OutboundMessage message) throws SendException;

  /**
   * Looks on the channel for this reply, in case it went out before a crash kept us from recording
   * it. Called before any second attempt; returning the channel's id there prevents a double post.
   * The default cannot tell and returns empty.
   */
  default Optional<String> findSent(OutboundMessage message) {
    return Optional.empty();
  }
}
