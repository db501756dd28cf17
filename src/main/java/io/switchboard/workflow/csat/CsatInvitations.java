package io.switchboard.workflow.csat;

import io.switchboard.channel.Outbound;
import io.switchboard.workflow.WorkflowEvents;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Satisfaction surveys after resolution. Hears that a conversation was resolved and plans its
 * invitation ({@link CsatStore#schedule}); the {@code csat} route calls {@link #sweep} on a timer,
 * which also plans what a stopped process missed, and queues each due invitation on the
 * conversation's own channel through the outbox (or records why it is skipped). The database row
 * makes it happen once per conversation whichever instance or restart gets there. Thread-safe.
 */
public final class CsatInvitations implements WorkflowEvents {
  private static final Logger LOG = LoggerFactory.getLogger(CsatInvitations.class);

  private final CsatSettings settings;
  private final CsatStore store;
  private final RatingLinks links;
  private final Outbound outbound;
  private final Supplier<String> baseUrl;
  private final Clock clock;

  /** @param baseUrl where the rating pages are, without a trailing slash */
  public CsatInvitations(
      CsatSettings settings, CsatStore store, RatingLinks links, Outbound outbound, Supplier<String> baseUrl, Clock clock) {
    this.settings = settings;
    this.store = store;
    this.links = links;
    this.outbound = outbound;
    this.baseUrl = baseUrl;
    this.clock = clock;
  }

  @Override
  public void statusChanged(long conversationId, String from, String to, String actor) {
    if (settings.enabled() && "resolved".equals(to)) {
      store.schedule(conversationId, clock.instant().plus(settings.delay()));
    }
  }

  /**
   * Plans missed invitations and sends (queues) the due ones.
   *
   * @return how many invitations were queued
   */
  public int sweep() {
    if (!settings.enabled()) {
      return 0;
    }
    store.planMissed(clock.instant().minus(settings.catchUp()));
    int queued = 0;
    for (CsatStore.Due due : store.due(100)) {
      try {
        if (inviteOrSkip(due)) {
          queued++;
        }
      } catch (RuntimeException e) {
        // stays due; the next sweep tries again
        LOG.warn("CSAT invitation for conversation {} not queued: {}", due.conversationId(), e.toString());
      }
    }
    return queued;
  }

  private boolean inviteOrSkip(CsatStore.Due due) {
    Optional<String> skip = reasonToSkip(due);
    if (skip.isPresent()) {
      if (store.skip(due.conversationId(), due.channel(), skip.get())) {
        LOG.info("no CSAT invitation for conversation {}: {}", due.conversationId(), skip.get());
      }
      return false;
    }
    String externalId;
    try {
      externalId = outbound.sender(due.channel()).assignExternalId(due.account()).orElse(null);
    } catch (IllegalArgumentException e) {
      store.skip(due.conversationId(), due.channel(), e.getMessage());
      return false;
    }
    Optional<Long> message = store.invite(due, settings.author(), text(due), externalId);
    message.ifPresent(m -> LOG.info("CSAT invitation for conversation {} queued as message {}", due.conversationId(), m));
    return message.isPresent();
  }

  private Optional<String> reasonToSkip(CsatStore.Due due) {
    if (!settings.channels().contains(due.channel())) {
      return Optional.of("channel " + due.channel() + " is not in csat.channels");
    }
    if (due.isPublic()) {
      // X and Facebook let a brand answer a public post in public only; a private message needs the
      // customer to have opened one, and a rating link in a public reply would let anyone rate
      return Optional.of("public conversation: " + due.channel() + " allows no private message the customer did not start");
    }
    return Optional.empty();
  }

  /** The invitation: five rating links by email, one link to the rating page in a DM. */
  String text(CsatStore.Due due) {
    Instant expires = clock.instant().plus(settings.linkValidity());
    if (due.channel().equals("email")) {
      StringBuilder lines = new StringBuilder();
      String[] labels = {"", "1 - poor", "2 - fair", "3 - good", "4 - very good", "5 - excellent"};
      for (int r = 5; r >= 1; r--) {
        lines.append(labels[r]).append(": ").append(url(due.conversationId(), r, expires));
        if (r > 1) {
          lines.append('\n');
        }
      }
      return settings.emailText().replace("{links}", lines);
    }
    return settings.dmText().replace("{link}", url(due.conversationId(), 0, expires));
  }

  private String url(long conversationId, int rating, Instant expires) {
    return baseUrl.get() + "/csat/" + links.token(conversationId, rating, expires);
  }
}
