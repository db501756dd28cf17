package io.switchboard.digest;

import io.switchboard.model.InboundMessage;
import io.switchboard.model.Tags;
import io.switchboard.store.MessageStore;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Jdbi;

/**
 * A known week of customer messages, stored through the real {@link MessageStore}: four "lost
 * luggage" complaints written four ways (one the week before), a late-delivery complaint in two
 * languages, praise, urgent conversations (one answered after two hours, one not) and public posts.
 */
final class DigestFixture {
  /** The seeded week: the 7 days before today (UTC), as the scheduled digest covers it. */
  /**
   * What the digest's share estimate reads for the period's customer messages: each tag's count
   * and summed score (ADR 0043).
   */
  static io.switchboard.nlp.ShareEstimator.Answers answers(Jdbi jdbi, Period p, io.switchboard.nlp.ShareEstimator estimator) {
    long[] counts = new long[3];
    double[] sums = new double[3];
    jdbi.useHandle(
        h ->
            h.createQuery(
                    "SELECT m.sentiment, COUNT(*), SUM(m.sentiment_score) FROM message m"
                        + " WHERE m.direction = 'in' AND m.sent_at >= :f AND m.sent_at < :t GROUP BY m.sentiment")
                .bind("f", Timestamp.from(p.from()))
                .bind("t", Timestamp.from(p.to()))
                .map((rs, ctx) -> {
                  int i = io.switchboard.nlp.ShareEstimator.LABELS.indexOf(rs.getString(1) == null ? "" : rs.getString(1));
                  if (i >= 0) {
                    counts[i] = rs.getLong(2);
                    sums[i] = rs.getDouble(3);
                  }
                  return i;
                })
                .list());
    return io.switchboard.nlp.ShareEstimator.Answers.grouped(counts, sums, estimator.calibration());
  }

  static Period week(Clock clock) {
    return Period.endingToday(clock.instant(), ZoneOffset.UTC, Duration.ofDays(7));
  }

  long lostLuggageEmail;
  long lostLuggageX;
  long urgentAnswered;
  long urgentUnanswered;
  long praise;

  private final MessageStore store;
  private final Jdbi jdbi;
  private final AtomicInteger ids = new AtomicInteger();

  DigestFixture(Jdbi jdbi) {
    this.jdbi = jdbi;
    this.store = new MessageStore(jdbi, Clock.systemUTC());
  }

  DigestFixture seed(Period week) {
    Instant day = week.to().minus(Duration.ofDays(1)).plus(Duration.ofHours(9)); // yesterday 09:00
    Instant before = week.from().minus(Duration.ofDays(3));

    lostLuggageEmail = in("email", false, "ann@example.com", "I lost my luggage on flight 123, nobody answers.", "en", "negative", 0.93, "urgent", day, null);
    reply(lostLuggageEmail, day.plus(Duration.ofHours(2)));
    urgentAnswered = lostLuggageEmail;
    urgentUnanswered = in("email", false, "bob@example.com", "My bag was lost at the airport and I need it for a wedding tomorrow!", "en", "negative", 0.88, "high", day.plusSeconds(600), null);
    lostLuggageX = in("x", true, "x-carla", "Lost luggage again @brand, worst airline ever", "en", "negative", 0.97, "normal", day.plusSeconds(1200), null);
    in("x", true, "x-dan", "Same here, no luggage since Monday", "en", "neutral", 0.5, "normal", day.plusSeconds(1300), lostLuggageX);
    in("x", true, "x-eve", "Terrible", "en", "negative", 0.6, "normal", day.plusSeconds(1400), lostLuggageX);
    in("facebook", true, "fb-frank", "Luggage lost for three days, no updates.", "en", "negative", 0.9, "normal", day.plusSeconds(1800), null);
    in("email", false, "gus@example.de", "Die Lieferung ist verspätet und niemand antwortet.", "de", "negative", 0.8, "normal", day.plusSeconds(2400), null);
    in("email", false, "hal@example.com", "The delivery is late again.", "en", "negative", 0.7, "normal", day.plusSeconds(3000), null);
    praise = in("email", false, "ivy@example.com", "Your agent Maria was fantastic, thank you so much!", "en", "positive", 0.96, "low", day.plusSeconds(3600), null);
    in("x", true, "x-jo", "Nice flight today", "en", "positive", 0.6, "low", day.plusSeconds(4200), null);
    in("email", false, "kim@example.fr", "Bonjour, quel est le statut de ma commande ?", "fr", "neutral", 0.7, "normal", day.plusSeconds(4800), null);

    in("email", false, "lou@example.com", "My suitcase went missing.", "en", "negative", 0.9, "normal", before, null);
    in("email", false, "max@example.com", "Can I change my seat?", "en", "neutral", 0.6, "normal", before.plusSeconds(60), null);
    in("x", true, "x-ned", "Great crew", "en", "positive", 0.9, "low", before.plusSeconds(120), null);
    return this;
  }

  /**
   * Six more unhappy messages of the week in five languages that share nothing but order numbers,
   * @handles, a link and customer-service filler ("order", "still nothing", "please help"): none of
   * that may become a theme.
   */
  DigestFixture seedFiller(Period week) {
    Instant day = week.to().minus(Duration.ofDays(2)).plus(Duration.ofHours(15));
    in("email", false, "oli@example.com", "Hi, order NW-104679 still nothing, please help! Thanks", "en", "negative", 0.8, "normal", day, null);
    in("x", true, "x-pat", "@brand order NW-104680?? Nothing yet. https://track.example.com/NW-104680", "en", "negative", 0.85, "normal", day.plusSeconds(60), null);
    in("email", false, "quinn@example.de", "Hallo, Bestellung NW-104681: immer noch nichts. Bitte helfen Sie mir, danke!", "de", "negative", 0.8, "normal", day.plusSeconds(120), null);
    in("email", false, "rose@example.fr", "Bonjour, commande NW-104682, toujours rien. Merci de m'aider", "fr", "negative", 0.75, "normal", day.plusSeconds(180), null);
    in("facebook", true, "fb-sol", "Pedido NW-104683 y nada, por favor ayuda @brand #fail", "es", "negative", 0.8, "normal", day.plusSeconds(240), null);
    in("email", false, "tea@example.it", "Buongiorno, ordine NW-104684: ancora niente, aiuto, grazie", "it", "negative", 0.7, "normal", day.plusSeconds(300), null);
    return this;
  }

  /** Stores an inbound message; a new conversation unless {@code conversation} is given. */
  long in(String channel, boolean isPublic, String handle, String text, String lang, String sentiment, double score,
      String urgency, Instant at, Long conversation) {
    InboundMessage m =
        new InboundMessage(channel, channel + "-test", "seed-" + ids.incrementAndGet(), List.of(), null, isPublic,
            handle, handle, "Seeded " + ids.get(), text, text, null, at, List.of(), List.of(), false);
    return store.storeInbound(m, conversation, new Tags(lang, sentiment, score, urgency, List.of())).conversationId();
  }

  /** Our reply in a conversation, as the outbox leaves it once sent. */
  void reply(long conversation, Instant at) {
    jdbi.useHandle(
        h ->
            h.createUpdate(
                    "INSERT INTO message (conversation_id, direction, author, text, sent_at, created_at, delivery)"
                        + " VALUES (:c, 'out', 'agent', 'We are on it.', :at, :at, 'sent')")
                .bind("c", conversation)
                .bind("at", Timestamp.from(at))
                .execute());
  }
}
