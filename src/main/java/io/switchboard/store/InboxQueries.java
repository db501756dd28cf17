package io.switchboard.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;

/** What the inbox API reads: conversation lists with filters, one conversation with its thread. */
public final class InboxQueries {
  private final Jdbi jdbi;

  public InboxQueries(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** Inbox filters; null means any. {@code q} searches subjects and message text. */
  public record Filter(String channel, String status, String q, int limit, int offset) {}

  public record ContactRef(long id, String name, String handle) {}

  public record ConversationRow(
      long id,
      String channel,
      String account,
      String subject,
      ContactRef contact,
      String status,
      boolean isPublic,
      String assignee,
      String sentiment,
      String urgency,
      String language,
      int messageCount,
      Instant lastMessageAt,
      List<String> tags) {}

  public record Delivery(String status, String error) {}

  public record AttachmentRow(long id, String filename, String contentType, long size, String note) {}

  public record MessageRow(
      long id,
      String direction,
      String author,
      String text,
      String displayText,
      String html,
      Instant sentAt,
      String sentiment,
      Double sentimentScore,
      String urgency,
      List<String> urgencyReasons,
      String language,
      Delivery delivery,
      List<AttachmentRow> attachments) {}

  public record Page<T>(long total, List<T> items) {}

  private static final String FROM =
      " FROM conversation c JOIN contact ct ON ct.id = c.contact_id"
          + " LEFT JOIN contact_handle ch ON ch.contact_id = c.contact_id AND ch.channel = c.channel";

  public Page<ConversationRow> list(Filter f) {
    StringBuilder where = new StringBuilder(" WHERE 1 = 1");
    if (f.channel() != null) {
      where.append(" AND c.channel = :channel");
    }
    if (f.status() != null) {
      where.append(" AND c.status = :status");
    }
    if (f.q() != null) {
      where.append(
          " AND (LOWER(c.subject) LIKE :q OR LOWER(ct.display_name) LIKE :q OR LOWER(ch.handle) LIKE :q"
              + " OR EXISTS (SELECT 1 FROM message m WHERE m.conversation_id = c.id"
              + " AND LOWER(m.text) LIKE :q))");
    }
    return jdbi.withHandle(
        h -> {
          long total = bind(h.createQuery("SELECT COUNT(*)" + FROM + where), f).mapTo(Long.class).one();
          List<ConversationRow> items =
              bind(
                      h.createQuery(
                          "SELECT c.id, c.channel, c.account, c.subject, ct.id, ct.display_name,"
                              + " ch.handle, c.status, c.is_public, c.assignee, c.sentiment,"
                              + " c.urgency, c.language, c.message_count, c.last_message_at"
                              + FROM
                              + where
                              + " ORDER BY c.last_message_at DESC, c.id DESC"
                              + " OFFSET :offset ROWS FETCH NEXT :limit ROWS ONLY"),
                      f)
                  .bind("offset", f.offset())
                  .bind("limit", f.limit())
                  .map((rs, ctx) -> row(rs))
                  .list();
          return new Page<>(total, withTags(h, items));
        });
  }

  private static Query bind(Query q, Filter f) {
    if (f.channel() != null) {
      q.bind("channel", f.channel());
    }
    if (f.status() != null) {
      q.bind("status", f.status());
    }
    if (f.q() != null) {
      q.bind("q", "%" + escapeLike(f.q().toLowerCase(Locale.ROOT)) + "%");
    }
    return q;
  }

  private static String escapeLike(String s) {
    // the default LIKE escape is unset in both databases; drop wildcards the user typed
    return s.replace("%", "").replace("_", "");
  }

  private static ConversationRow row(java.sql.ResultSet rs) throws java.sql.SQLException {
    return new ConversationRow(
        rs.getLong(1),
        rs.getString(2),
        rs.getString(3),
        rs.getString(4),
        new ContactRef(rs.getLong(5), rs.getString(6), rs.getString(7)),
        rs.getString(8),
        rs.getBoolean(9),
        rs.getString(10),
        rs.getString(11),
        rs.getString(12),
        rs.getString(13),
        rs.getInt(14),
        Sql.instant(rs.getTimestamp(15)),
        List.of());
  }

  private static List<ConversationRow> withTags(Handle h, List<ConversationRow> rows) {
    List<ConversationRow> out = new ArrayList<>(rows.size());
    for (ConversationRow r : rows) {
      List<String> tags =
          h.createQuery("SELECT tag FROM conversation_tag WHERE conversation_id = :c ORDER BY tag")
              .bind("c", r.id())
              .mapTo(String.class)
              .list();
      out.add(
          new ConversationRow(
              r.id(), r.channel(), r.account(), r.subject(), r.contact(), r.status(), r.isPublic(),
              r.assignee(), r.sentiment(), r.urgency(), r.language(), r.messageCount(),
              r.lastMessageAt(), tags));
    }
    return out;
  }

  public Optional<ConversationRow> conversation(long id) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT c.id, c.channel, c.account, c.subject, ct.id, ct.display_name,"
                        + " ch.handle, c.status, c.is_public, c.assignee, c.sentiment, c.urgency,"
                        + " c.language, c.message_count, c.last_message_at"
                        + FROM
                        + " WHERE c.id = :id")
                .bind("id", id)
                .map((rs, ctx) -> row(rs))
                .findOne()
                .map(r -> withTags(h, List.of(r)).get(0)));
  }

  public List<MessageRow> messages(long conversationId) {
    return jdbi.withHandle(
        h -> {
          List<MessageRow> rows =
              h.createQuery(
                      "SELECT id, direction, author, text, display_text, html, sent_at, sentiment,"
                          + " sentiment_score, urgency, urgency_reasons, language, delivery,"
                          + " delivery_error FROM message WHERE conversation_id = :c"
                          + " ORDER BY created_at, id")
                  .bind("c", conversationId)
                  .map(
                      (rs, ctx) ->
                          new MessageRow(
                              rs.getLong(1),
                              rs.getString(2),
                              rs.getString(3),
                              rs.getString(4),
                              rs.getString(5),
                              rs.getString(6),
                              Sql.instant(rs.getTimestamp(7)),
                              rs.getString(8),
                              (Double) rs.getObject(9),
                              rs.getString(10),
                              reasons(rs.getString(11)),
                              rs.getString(12),
                              rs.getString(13) == null
                                  ? null
                                  : new Delivery(rs.getString(13), rs.getString(14)),
                              List.of()))
                  .list();
          List<MessageRow> out = new ArrayList<>(rows.size());
          for (MessageRow m : rows) {
            List<AttachmentRow> att =
                h.createQuery(
                        "SELECT id, filename, content_type, size_bytes, note FROM attachment"
                            + " WHERE message_id = :m ORDER BY id")
                    .bind("m", m.id())
                    .map(
                        (rs, ctx) ->
                            new AttachmentRow(
                                rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getString(5)))
                    .list();
            out.add(
                new MessageRow(
                    m.id(), m.direction(), m.author(), m.text(), m.displayText(), m.html(), m.sentAt(),
                    m.sentiment(), m.sentimentScore(), m.urgency(), m.urgencyReasons(), m.language(),
                    m.delivery(), att));
          }
          return out;
        });
  }

  private static List<String> reasons(String s) {
    return s == null || s.isBlank() ? List.of() : Arrays.asList(s.split("; "));
  }
}
