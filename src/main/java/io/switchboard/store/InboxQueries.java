package io.switchboard.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

  /** How a list is ordered. */
  public enum Sort {
    /** Latest message first. */
    RECENT,
    /** Most urgent first (urgent, high, normal, low, untagged), then latest. */
    URGENCY,
    /** Longest waiting for our answer first; conversations not waiting last. */
    WAITING
  }

  /**
   * Inbox filters; null means any. {@code channel}, {@code status}, {@code sentiment}, {@code
   * urgency} and {@code language} may list several values separated by commas. {@code q} searches
   * subjects, names, handles and message text. {@code assignee} is a user name; {@code unassigned}
   * keeps only conversations without one. {@code contactId} keeps one customer's conversations.
   */
  public record Filter(
      String channel,
      String status,
      String q,
      String sentiment,
      String urgency,
      String language,
      String assignee,
      boolean unassigned,
      String tag,
      Long contactId,
      Sort sort,
      int limit,
      int offset) {
    public Filter {
      sort = sort == null ? Sort.RECENT : sort;
    }

    public Filter(String channel, String status, String q, int limit, int offset) {
      this(channel, status, q, null, null, null, null, false, null, null, Sort.RECENT, limit, offset);
    }
  }

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
      List<String> tags,
      Instant waitingSince,
      List<String> urgencyReasons,
      String preview) {}

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

  /** Since when the customer waits: their first message after our last reply, if any. */
  private static final String WAITING_SINCE =
      "(SELECT MIN(w.sent_at) FROM message w WHERE w.conversation_id = c.id AND w.direction = 'in'"
          + " AND NOT EXISTS (SELECT 1 FROM message r WHERE r.conversation_id = c.id"
          + " AND r.direction = 'out' AND r.id > w.id))";

  private static final String COLUMNS =
      "SELECT c.id, c.channel, c.account, c.subject, ct.id, ct.display_name,"
          + " ch.handle, c.status, c.is_public, c.assignee, c.sentiment,"
          + " c.urgency, c.language, c.message_count, c.last_message_at, "
          + WAITING_SINCE
          + " AS waiting_since";

  private static final String URGENCY_RANK =
      "CASE c.urgency WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 WHEN 'normal' THEN 2"
          + " WHEN 'low' THEN 3 ELSE 4 END";

  public Page<ConversationRow> list(Filter f) {
    StringBuilder where = new StringBuilder(" WHERE 1 = 1");
    inList(where, "c.channel", "channel", f.channel());
    inList(where, "c.status", "status", f.status());
    inList(where, "c.sentiment", "sentiment", f.sentiment());
    inList(where, "c.urgency", "urgency", f.urgency());
    inList(where, "c.language", "language", f.language());
    if (f.assignee() != null) {
      where.append(" AND c.assignee = :assignee");
    }
    if (f.unassigned()) {
      where.append(" AND c.assignee IS NULL");
    }
    if (f.tag() != null) {
      where.append(" AND EXISTS (SELECT 1 FROM conversation_tag t WHERE t.conversation_id = c.id AND t.tag = :tag)");
    }
    if (f.contactId() != null) {
      where.append(" AND c.contact_id = :contact");
    }
    if (f.q() != null) {
      where.append(SearchTerms.condition(f.q()));
    }
    String order =
        switch (f.sort()) {
          case RECENT -> " ORDER BY c.last_message_at DESC, c.id DESC";
          case URGENCY -> " ORDER BY " + URGENCY_RANK + ", c.last_message_at DESC, c.id DESC";
          case WAITING -> " ORDER BY waiting_since ASC NULLS LAST, c.last_message_at DESC, c.id DESC";
        };
    return jdbi.withHandle(
        h -> {
          long total = bind(h.createQuery("SELECT COUNT(*)" + FROM + where), f).mapTo(Long.class).one();
          List<ConversationRow> items =
              bind(
                      h.createQuery(
                          COLUMNS + FROM + where + order + " OFFSET :offset ROWS FETCH NEXT :limit ROWS ONLY"),
                      f)
                  .bind("offset", f.offset())
                  .bind("limit", f.limit())
                  .map((rs, ctx) -> row(rs))
                  .list();
          return new Page<>(total, withDetails(h, items));
        });
  }

  private static void inList(StringBuilder where, String column, String name, String values) {
    if (values != null) {
      where.append(" AND ").append(column).append(" IN (<").append(name).append(">)");
    }
  }

  private static List<String> values(String commaSeparated) {
    return Arrays.stream(commaSeparated.split(",")).map(String::strip).filter(v -> !v.isEmpty()).toList();
  }

  private static Query bind(Query q, Filter f) {
    bindList(q, "channel", f.channel());
    bindList(q, "status", f.status());
    bindList(q, "sentiment", f.sentiment());
    bindList(q, "urgency", f.urgency());
    bindList(q, "language", f.language());
    if (f.assignee() != null) {
      q.bind("assignee", f.assignee());
    }
    if (f.tag() != null) {
      q.bind("tag", f.tag());
    }
    if (f.contactId() != null) {
      q.bind("contact", f.contactId());
    }
    if (f.q() != null) {
      SearchTerms.bind(q, f.q());
    }
    return q;
  }

  private static void bindList(Query q, String name, String commaSeparated) {
    if (commaSeparated != null) {
      List<String> v = values(commaSeparated);
      q.bindList(name, v.isEmpty() ? List.of("") : v);
    }
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
        List.of(),
        Sql.instant(rs.getTimestamp(16)),
        List.of(),
        null);
  }

  /**
   * Adds tags, the urgency reasons of the latest tagged customer message and a preview of the
   * latest message (not notes): three queries for the whole page.
   */
  private static List<ConversationRow> withDetails(Handle h, List<ConversationRow> rows) {
    if (rows.isEmpty()) {
      return rows;
    }
    List<Long> ids = rows.stream().map(ConversationRow::id).toList();
    Map<Long, List<String>> tags = new HashMap<>();
    h.createQuery("SELECT conversation_id, tag FROM conversation_tag WHERE conversation_id IN (<ids>) ORDER BY tag")
        .bindList("ids", ids)
        .map((rs, ctx) -> Map.entry(rs.getLong(1), rs.getString(2)))
        .forEach(e -> tags.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
    Map<Long, List<String>> reasons = new HashMap<>();
    h.createQuery(
            "SELECT m.conversation_id, m.urgency_reasons FROM message m WHERE m.id IN (SELECT MAX(x.id)"
                + " FROM message x WHERE x.conversation_id IN (<ids>) AND x.direction = 'in'"
                + " AND x.urgency IS NOT NULL GROUP BY x.conversation_id)")
        .bindList("ids", ids)
        .map((rs, ctx) -> Map.entry(rs.getLong(1), reasons(rs.getString(2))))
        .forEach(e -> reasons.put(e.getKey(), e.getValue()));
    Map<Long, String> previews = new HashMap<>();
    h.createQuery(
            "SELECT m.conversation_id, m.display_text, m.text FROM message m WHERE m.id IN (SELECT MAX(x.id)"
                + " FROM message x WHERE x.conversation_id IN (<ids>) AND x.direction <> 'note'"
                + " GROUP BY x.conversation_id)")
        .bindList("ids", ids)
        .map((rs, ctx) -> Map.entry(rs.getLong(1), preview(rs.getString(2) != null ? rs.getString(2) : rs.getString(3))))
        .forEach(e -> previews.put(e.getKey(), e.getValue()));
    List<ConversationRow> out = new ArrayList<>(rows.size());
    for (ConversationRow r : rows) {
      out.add(
          new ConversationRow(
              r.id(), r.channel(), r.account(), r.subject(), r.contact(), r.status(), r.isPublic(),
              r.assignee(), r.sentiment(), r.urgency(), r.language(), r.messageCount(),
              r.lastMessageAt(), tags.getOrDefault(r.id(), List.of()), r.waitingSince(),
              reasons.getOrDefault(r.id(), List.of()), previews.get(r.id())));
    }
    return out;
  }

  private static String preview(String text) {
    if (text == null) {
      return null;
    }
    String oneLine = text.replaceAll("\\s+", " ").strip();
    return oneLine.length() <= 160 ? oneLine : oneLine.substring(0, 159) + "…";
  }

  /** The conversation's sentiment: latest, worst and direction ({@link SentimentTrend}). */
  public Optional<SentimentTrend.Trend> sentimentTrend(long id) {
    return new SentimentTrend(jdbi).of(id);
  }

  public Optional<ConversationRow> conversation(long id) {
    return jdbi.withHandle(
        h ->
            h.createQuery(COLUMNS + FROM + " WHERE c.id = :id")
                .bind("id", id)
                .map((rs, ctx) -> row(rs))
                .findOne()
                .map(r -> withDetails(h, List.of(r)).get(0)));
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
