package io.switchboard.web;

import io.switchboard.model.InboundMessage;
import io.switchboard.model.Tags;
import io.switchboard.store.MessageStore;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Jdbi;

/**
 * Customer messages for the digest dashboard, stored through the real {@link MessageStore} two
 * days ago (UTC), so every "last N days" period the page offers contains them: the "lost luggage"
 * complaint written four ways on three channels, a late delivery, praise and a question.
 */
final class DigestSeed {
  final AtomicInteger ids = new AtomicInteger();
  final MessageStore store;
  long lostLuggageEmail;
  long praise;

  DigestSeed(Jdbi jdbi) {
    store = new MessageStore(jdbi, Clock.systemUTC());
  }

  static Instant twoDaysAgo() {
    return LocalDate.now(ZoneOffset.UTC).minusDays(2).atTime(9, 0).toInstant(ZoneOffset.UTC);
  }

  DigestSeed seed() {
    Instant at = twoDaysAgo();
    lostLuggageEmail = in("email", false, "ann@example.com", "I lost my luggage on flight 123, nobody answers.", "negative", 0.93, "urgent", at);
    in("email", false, "bob@example.com", "My bag was lost at the airport and I need it for a wedding!", "negative", 0.88, "high", at.plusSeconds(600));
    in("x", true, "x-carla", "Lost luggage again @brand, worst service ever", "negative", 0.97, "normal", at.plusSeconds(1200));
    in("facebook", true, "fb-frank", "Luggage lost for three days, no updates.", "negative", 0.9, "normal", at.plusSeconds(1800));
    in("email", false, "hal@example.com", "The delivery is late again.", "negative", 0.7, "normal", at.plusSeconds(2400));
    praise = in("email", false, "ivy@example.com", "Your agent Maria was fantastic, thank you so much!", "positive", 0.96, "low", at.plusSeconds(3000));
    in("x", true, "x-jo", "Nice bag, love it", "positive", 0.7, "low", at.plusSeconds(3600));
    in("email", false, "kim@example.fr", "Where can I see the status of my order?", "neutral", 0.7, "normal", at.plusSeconds(4200));
    return this;
  }

  private long in(String channel, boolean isPublic, String handle, String text, String sentiment, double score, String urgency, Instant at) {
    InboundMessage m =
        new InboundMessage(channel, channel + "-seed", "digest-seed-" + ids.incrementAndGet(), List.of(), null, isPublic,
            handle, handle, "Seeded " + ids.get(), text, text, null, at, List.of(), List.of(), false);
    return store.storeInbound(m, null, new Tags("en", sentiment, score, urgency, List.of())).conversationId();
  }
}
