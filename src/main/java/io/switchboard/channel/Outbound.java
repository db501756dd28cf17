package io.switchboard.channel;

import io.switchboard.store.OutboxStore;
import io.switchboard.util.Backoff;
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
 *
 * <p>A row left in sending by a process that died is claimed again once its lease has run out
 * ({@code switchboard.outbox.lease}); that second attempt first asks the channel whether the reply
 * is already there ({@link ChannelSender#findSent}), so a crash between the send and its
 * bookkeeping does not post twice.
 *
 * <p>Fault tests only: the system property {@value #PAUSE_PROPERTY} (milliseconds) makes every
 * send wait that long after the channel took the reply and before it is recorded as sent, so a
 * test can kill the process inside that window. Unset (the default) it costs nothing.
 */
public final class Outbound {
  private static final Logger LOG = LoggerFactory.getLogger(Outbound.class);
  /** Test-only: how long to wait between a send and its bookkeeping (see the class comment). */
  public static final String PAUSE_PROPERTY = "switchboard.test.pauseAfterSendMs";
  private static final long PAUSE_AFTER_SEND_MS = Long.getLong(PAUSE_PROPERTY, 0L);
  /** How long a claimed row may stay in sending before another claim may take it over. */
  public static final Duration DEFAULT_LEASE = Duration.ofMinutes(10);

  private final OutboxStore outbox;
  private final Map<String, ChannelSender> senders;
  private final Clock clock;
  private final String instance;
  private final Backoff backoff;
  private final int maxAttempts;
  private final Duration lease;
  private volatile VoiceGate voice = VoiceGate.OPEN;

  public Outbound(
      OutboxStore outbox,
      List<ChannelSender> senders,
      Clock clock,
      String instance,
      Duration retryBase,
      int maxAttempts) {
    this(outbox, senders, clock, instance, retryBase, maxAttempts, DEFAULT_LEASE);
  }

  /**
   * @param lease how long a row may stay in sending before it is claimed again: longer than the
   *     slowest send, short enough that a reply caught in a crash does not wait long
   */
  public Outbound(
      OutboxStore outbox,
      List<ChannelSender> senders,
      Clock clock,
      String instance,
      Duration retryBase,
      int maxAttempts,
      Duration lease) {
    this.lease = lease;
    this.outbox = outbox;
    this.senders = senders.stream().collect(Collectors.toMap(ChannelSender::channel, Function.identity()));
    this.clock = clock;
    this.instance = instance;
    // attempts bound the waits; the doubling stops at 2^12 so a generous limit cannot wait for ever
    this.backoff = Backoff.doubling(retryBase, 12);
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
    return outbox.claimDue(instance, 50, lease);
  }

  private static void pauseInSendWindow(OutboxStore.Item item, String externalId) {
    if (PAUSE_AFTER_SEND_MS <= 0) {
      return;
    }
    LOG.warn(
        "reply {} is out on {} as {}; pausing {} ms before recording it ({})",
        item.message().messageId(), item.channel(), externalId, PAUSE_AFTER_SEND_MS, PAUSE_PROPERTY);
    try {
      Thread.sleep(PAUSE_AFTER_SEND_MS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
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
      pauseInSendWindow(item, externalId);
      outbox.markSent(item, externalId);
      LOG.info("reply {} sent on {} as {}", item.message().messageId(), item.channel(), externalId);
    } catch (SendException e) {
      if (e.retryable() && item.attempts() < maxAttempts) {
        Duration wait = backoff.delay(item.attempts());
        outbox.retryLater(item, clock.instant().plus(wait), e.getMessage());
        LOG.warn("reply {} not sent, retry in {}: {}", item.message().messageId(), wait, e.getMessage());
      } else {
        outbox.markFailed(item, e.getMessage());
        LOG.error("reply {} failed: {}", item.message().messageId(), e.getMessage());
      }
    }
  }
}
