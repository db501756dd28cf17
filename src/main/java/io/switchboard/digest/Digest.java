package io.switchboard.digest;

import java.time.Instant;
import java.util.List;

/**
 * What a digest says about a period compared with the one before it. Shares are fractions (0..1)
 * of the customer messages with a sentiment; trends are differences in those fractions; changes are
 * relative (0.25 = 25 % more than before; null when there was nothing before).
 */
public record Digest(
    Period period,
    Period previous,
    Instant generatedAt,
    Breakdown total,
    List<Breakdown> channels,
    List<Breakdown> languages,
    List<Theme> themes,
    boolean themesSampled,
    List<PublicPost> negativePublicPosts,
    Urgent urgent,
    List<Quote> praise,
    long queryMillis) {

  /** Customer messages of one channel or language (or all of them), now and before. */
  public record Breakdown(
      String name,
      long messages,
      long previousMessages,
      Double change,
      long negative,
      long neutral,
      long positive,
      double negativeShare,
      double positiveShare,
      double previousNegativeShare,
      double previousPositiveShare,
      double negativeTrend,
      double positiveTrend) {}

  /** A recurring complaint: how often (messages) now and before, its wordings and a few quotes. */
  public record Theme(
      String label, List<String> variants, int count, int previousCount, Double change, List<Quote> examples) {}

  /** A customer message quoted in the digest, linked to its conversation. */
  public record Quote(
      long conversationId, long messageId, String channel, String language, Double score, Instant sentAt, String text) {}

  /** A public conversation with negative messages; reach is how many messages its thread has. */
  public record PublicPost(
      long conversationId, String channel, String subject, int reach, int negativeMessages, Double score, Quote quote) {}

  /** Urgent (or high) conversations of the period and how fast they got a first reply. */
  public record Urgent(
      int conversations,
      int answered,
      int unanswered,
      Long medianFirstReplySeconds,
      Long maxFirstReplySeconds,
      List<UrgentConversation> slowest) {}

  /** One urgent conversation: when the customer first wrote urgently and when we first answered. */
  public record UrgentConversation(
      long conversationId, String channel, String urgency, Instant firstAt, Instant repliedAt, Long seconds) {}
}
