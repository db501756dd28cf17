package io.switchboard.digest;

import java.time.Instant;
import java.util.List;

/**
 * What a digest says about a period compared with the one before it. Shares are fractions (0..1)
 * of the customer messages with a sentiment; trends are differences in those fractions; changes are
 * relative (0.25 = 25 % more than before; null when there was nothing before). The {@code *Share}
 * figures count tags as they are; {@link Breakdown#shares} corrects them for the tagger's known
 * errors, with a 90 % interval (ADR 0028): that is what people read.
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
    long queryMillis,
    Listening listening) {

  public Digest(
      Period period, Period previous, Instant generatedAt, Breakdown total, List<Breakdown> channels,
      List<Breakdown> languages, List<Theme> themes, boolean themesSampled, List<PublicPost> negativePublicPosts,
      Urgent urgent, List<Quote> praise, long queryMillis) {
    this(period, previous, generatedAt, total, channels, languages, themes, themesSampled, negativePublicPosts,
        urgent, praise, queryMillis, Listening.NONE);
  }

  /**
   * "What people say without tagging us" (ADR 0041): the posts brand listening found in the period
   * (conversations of kind {@code mention}), their sentiment as tagged, and the negative ones whose
   * authors reach the most people.
   */
  public record Listening(
      long posts, long previousPosts, Double change, long negative, long neutral, long positive, List<Mention> widestNegative) {
    public static final Listening NONE = new Listening(0, 0, null, 0, 0, 0, List.of());
  }

  /** A negative post found by listening: who wrote it, how many they reach, what they said. */
  public record Mention(long conversationId, String channel, String author, Long reach, Double score, Quote quote) {}

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
      double positiveTrend,
      Shares shares) {}

  /**
   * Each sentiment's share of a breakdown's messages, corrected for the tagger's known errors
   * (the shipped ShareEstimator), with its 90 % interval; {@code adjusted} is false when no
   * calibration shipped and these are the tags' own shares.
   */
  public record Shares(boolean adjusted, Estimate negative, Estimate neutral, Estimate positive) {}

  /**
   * A share, its 90 % interval, and the same estimate for the period before (null when it had no
   * messages); fractions in [0, 1].
   */
  public record Estimate(double estimate, double low, double high, Double previous) {
    /** The change from the period before, in share (0.03 = 3 points); null when there is none. */
    public Double trend() {
      return previous == null ? null : Math.round((estimate - previous) * 10_000) / 10_000.0;
    }
  }

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
