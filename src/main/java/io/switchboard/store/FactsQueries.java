package io.switchboard.store;

import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;
import org.jdbi.v3.core.Jdbi;

/** What the tagging step may know beyond the text: the contact and the unanswered messages. */
public final class FactsQueries {
  private final Jdbi jdbi;

  public FactsQueries(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /**
   * @param unanswered customer messages in the conversation since our last reply
   * @param firstUnansweredAt when the first of them was sent, or null
   * @param sentiment the conversation's sentiment so far and its score (ADR 0028); nulls for a new
   *     conversation
   */
  public record Facts(
      int unanswered, Instant firstUnansweredAt, Set<String> contactTags, String contactLanguage,
      String sentiment, Double sentimentScore) {}

  /**
   * Two statements at most: the contact with its tags, and the conversation's sentiment with its
   * unanswered messages (none for a new conversation).
   */
  public Facts facts(String channel, String handle, Long conversationId) {
    return jdbi.withHandle(
        h -> {
          // the contact's row once per tag (once with a null tag when it has none); none when unknown
          boolean[] known = {false};
          String[] language = {null};
          Set<String> tags = new TreeSet<>();
          h.createQuery(
                  "SELECT c.language, t.tag FROM contact_handle ch JOIN contact c ON c.id = ch.contact_id"
                      + " LEFT JOIN contact_tag t ON t.contact_id = c.id"
                      + " WHERE ch.channel = :ch AND ch.handle = :h")
              .bind("ch", channel)
              .bind("h", handle)
              .map((rs, ctx) -> new String[] {rs.getString(1), rs.getString(2)})
              .forEach(
                  row -> {
                    known[0] = true;
                    language[0] = row[0];
                    if (row[1] != null) {
                      tags.add(row[1]);
                    }
                  });
          int unanswered = 0;
          Instant first = null;
          String sentiment = null;
          Double score = null;
          if (conversationId != null) {
            Object[] row =
                h.createQuery(
                        "SELECT cv.sentiment, cv.sentiment_score, COUNT(m.id), MIN(m.sent_at) FROM conversation cv"
                            + " LEFT JOIN message m ON m.conversation_id = cv.id AND m.direction = 'in'"
                            + " AND m.id > COALESCE((SELECT MAX(o.id) FROM message o WHERE o.conversation_id = :c"
                            + " AND o.direction = 'out'), 0)"
                            + " WHERE cv.id = :c GROUP BY cv.id, cv.sentiment, cv.sentiment_score")
                    .bind("c", conversationId)
                    .map((rs, ctx) -> new Object[] {
                        rs.getString(1), rs.getObject(2), rs.getInt(3), Sql.instant(rs.getTimestamp(4))})
                    .findOne()
                    .orElse(null);
            if (row != null) {
              sentiment = (String) row[0];
              score = (Double) row[1];
              unanswered = (Integer) row[2];
              first = (Instant) row[3];
            }
          }
          return new Facts(unanswered, first, tags, known[0] ? language[0] : null, sentiment, score);
        });
  }
}
