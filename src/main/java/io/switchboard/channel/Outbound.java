package io.switchboard.channel;

import io.switchboard.store.OutboxStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reply-outbound route's bean: claims due outbox rows and hands each to its channel's sender.
 * A failed send goes back to the queue with exponential backoff, or to failed when retrying
 * cannot help or the attempts are used up; the reason is shown on the message.
 */
public final class Outbound {
  private static final Logger LOG = LoggerFactory.getLogger(Outbound.class);

  private final OutboxStore outbox;
  private final Map<String, ChannelSender> senders;
  private final Clock clock;
  private final String instance;
  private final Duration retryBase;
  private final int maxAttempts;
  private volatile VoiceGate voice = VoiceGate.OPEN;

  public Outbound(
      OutboxStore outbox,
      List<ChannelSender> senders,
      Clock clock,
      String instance,
      Duration retryBase,
      int maxAttempts) {
    this.outbox = outbox;
    this.senders = senders.stream().collect(Collectors.toMap(ChannelSender::channel, Function.identity()));
    this.clock = clock;
    this.instance = instance;
    this.retryBase = retryBase;
    this.maxAttempts = maxAttempts;
  }

  public ChannelSender sender(String channel) {
    ChannelSender s = senders.get(channel);
    if (s == null) {
      throw new IllegalArgumentException("replies on channel " + channel + " are not configured");
    }
    return s;
  }

  public void setVoiceGate(VoiceGate gate) {
    this.voice = gate;
  }

  /**
   * Runs the brand-voice check once more before sending; a blocked reply without an agent's
   * override fails with the reason and is not sent.
   *
   * @return the item to send, or null when it was refused
   */
  public OutboxStore.Item checkVoice(OutboxStore.Item item) {
    if (item.voiceOverride() != null) {
      return item;
    }
    var refused = voice.refuse(item);
    if (refused.isPresent()) {
      outbox.markFailed(item, refused.get());
      LOG.warn("reply {} refused by the brand-voice check: {}", item.message().messageId(), refused.get());
      return null;
    }
    return item;
  }

  public List<OutboxStore.Item> claimDue() {
    return outbox.claimDue(instance, 50, Duration.ofMinutes(10));
  }

  public void send(OutboxStore.Item item) {
    ChannelSender sender = sender(item.channel());
    try {
      if (item.attempts() > 1) {
        var already = sender.findSent(item.message());
        if (already.isPresent()) {
          outbox.markSent(item, already.get());
          LOG.info("reply {} was sent before as {}; not sending again", item.message().messageId(), already.get());
          return;
        }
      }
      String externalId = sender.send(item.message());
      outbox.markSent(item, externalId);
      LOG.info("reply {} sent on {} as {}", item.message().messageId(), item.channel(), externalId);
    } catch (SendException e) {
      if (e.retryable() && item.attempts() < maxAttempts) {
        Duration wait = retryBase.multipliedBy(1L << Math.min(item.attempts() - 1, 12));
        outbox.retryLater(item, clock.instant().plus(wait), e.getMessage());
        LOG.warn("reply {} not sent, retry in {}: {}", item.message().messageId(), wait, e.getMessage());
      } else {
        outbox.markFailed(item, e.getMessage());
        LOG.error("reply {} failed: {}", item.message().messageId(), e.getMessage());
      }
    }
  }
}
