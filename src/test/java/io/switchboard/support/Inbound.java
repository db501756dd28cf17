package io.switchboard.support;

import io.switchboard.model.InboundMessage;
import java.time.Instant;
import java.util.List;

/** Messages written to us, as the store tests need them: plain text, no references or attachments. */
public final class Inbound {
  private Inbound() {}

  /** A private message on {@code channel}'s {@code account}, threaded by {@code threadKey}. */
  public static InboundMessage message(
      String channel, String account, String externalId, String threadKey, String handle, String name,
      String subject, String text, Instant sentAt) {
    return new InboundMessage(channel, account, externalId, List.of(), threadKey, false, handle, name, subject, text,
        null, null, sentAt, List.of(), List.of(), false);
  }

  /** As {@link #message}, by email. */
  public static InboundMessage email(
      String account, String externalId, String threadKey, String handle, String name, String subject, String text,
      Instant sentAt) {
    return message("email", account, externalId, threadKey, handle, name, subject, text, sentAt);
  }
}
