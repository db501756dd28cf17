package io.switchboard.digest;

import java.util.List;
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
    StringBuilder out = new StringBuilder(HEADER).append("\r\n");
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

  private static void breakdown(StringBuilder out, String section, Digest.Breakdown b) {
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

  private static void estimate(StringBuilder out, String section, String name, String label, Digest.Estimate e) {
    row(out, section, name, label + "_share_estimate", e.estimate(), e.previous(), null, null);
    row(out, section, name, label + "_share_low", e.low(), null, null, null);
    row(out, section, name, label + "_share_high", e.high(), null, null, null);
  }

  private static void row(
      StringBuilder out, String section, String name, String metric, Object value, Object previous, Long conversation, String text) {
    List<Object> cells = java.util.Arrays.asList(section, name, metric, value, previous, conversation, text);
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      out.append(cell(cells.get(i)));
    }
    out.append("\r\n");
  }

  static String cell(Object v) {
    if (v == null) {
      return "";
    }
    String s = v instanceof Double dbl ? String.format(Locale.ROOT, "%s", dbl) : v.toString();
    // a leading = + - @ would be a formula in a spreadsheet: quote and prefix it
    if (!s.isEmpty() && "=+-@".indexOf(s.charAt(0)) >= 0 && !(v instanceof Number)) {
      s = "'" + s;
    }
    if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r") || s.startsWith("'")) {
      return '"' + s.replace("\"", "\"\"") + '"';
    }
    return s;
  }
}
