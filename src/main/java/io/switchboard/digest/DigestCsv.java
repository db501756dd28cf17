package io.switchboard.digest;

import io.switchboard.util.Csv;
import java.util.Locale;

/**
 * A digest as one CSV table (RFC 4180) for spreadsheets: one row per figure, with the section, what
 * it is about, the figure's name, its value now and before, and for quotes the conversation id and
 * text. {@code *_share} rows are the tags' own shares; {@code *_share_estimate} rows correct them
 * for the tagger's known errors, between {@code *_share_low} and {@code *_share_high} (90 %).
 */
public final class DigestCsv {
  private DigestCsv() {}

  public static final String HEADER = "section,name,metric,value,previous,conversation_id,text";

  public static String write(Digest d) {
    Csv out = Csv.minimal().row((Object[]) HEADER.split(","));
    row(out, "period", "current", "from", d.period().from(), null, null, null);
    row(out, "period", "current", "to", d.period().to(), null, null, null);
    row(out, "period", "previous", "from", d.previous().from(), null, null, null);
    row(out, "period", "previous", "to", d.previous().to(), null, null, null);
    breakdown(out, "total", d.total());
    d.channels().forEach(b -> breakdown(out, "channel", b));
    d.languages().forEach(b -> breakdown(out, "language", b));
    for (Digest.Theme t : d.themes()) {
      row(out, "theme", t.label(), "messages", t.count(), t.previousCount(), null, null);
      row(out, "theme", t.label(), "wordings", String.join(" | ", t.variants()), null, null, null);
      for (Digest.Quote q : t.examples()) {
        row(out, "theme", t.label(), "example", null, null, q.conversationId(), q.text());
      }
    }
    for (Digest.PublicPost p : d.negativePublicPosts()) {
      row(out, "negative_public_post", p.channel(), "reach", p.reach(), null, p.conversationId(),
          p.quote() == null ? null : p.quote().text());
    }
    Digest.Urgent u = d.urgent();
    row(out, "urgent", "all", "conversations", u.conversations(), null, null, null);
    row(out, "urgent", "all", "answered", u.answered(), null, null, null);
    row(out, "urgent", "all", "unanswered", u.unanswered(), null, null, null);
    row(out, "urgent", "all", "median_first_reply_seconds", u.medianFirstReplySeconds(), null, null, null);
    row(out, "urgent", "all", "max_first_reply_seconds", u.maxFirstReplySeconds(), null, null, null);
    for (Digest.UrgentConversation c : u.slowest()) {
      row(out, "urgent", c.channel(), "first_reply_seconds", c.seconds(), null, c.conversationId(), c.urgency());
    }
    for (Digest.Quote q : d.praise()) {
      row(out, "praise", q.channel(), "score", q.score(), null, q.conversationId(), q.text());
    }
    return out.toString();
  }

  private static void breakdown(Csv out, String section, Digest.Breakdown b) {
    row(out, section, b.name(), "messages", b.messages(), b.previousMessages(), null, null);
    row(out, section, b.name(), "negative", b.negative(), null, null, null);
    row(out, section, b.name(), "neutral", b.neutral(), null, null, null);
    row(out, section, b.name(), "positive", b.positive(), null, null, null);
    row(out, section, b.name(), "negative_share", b.negativeShare(), b.previousNegativeShare(), null, null);
    row(out, section, b.name(), "positive_share", b.positiveShare(), b.previousPositiveShare(), null, null);
    // the shares corrected for the tagger's known errors, with their 90 % interval (ADR 0028)
    estimate(out, section, b.name(), "negative", b.shares().negative());
    estimate(out, section, b.name(), "neutral", b.shares().neutral());
    estimate(out, section, b.name(), "positive", b.shares().positive());
  }

  private static void estimate(Csv out, String section, String name, String label, Digest.Estimate e) {
    row(out, section, name, label + "_share_estimate", e.estimate(), e.previous(), null, null);
    row(out, section, name, label + "_share_low", e.low(), null, null, null);
    row(out, section, name, label + "_share_high", e.high(), null, null, null);
  }

  private static void row(
      Csv out, String section, String name, String metric, Object value, Object previous, Long conversation, String text) {
    out.row(section, name, metric, number(value), number(previous), conversation, text);
  }

  /** Doubles as Java writes them, never in a locale's format. */
  private static Object number(Object v) {
    return v instanceof Double d ? String.format(Locale.ROOT, "%s", d) : v;
  }
}
