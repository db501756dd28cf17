package io.switchboard.store;

import java.time.Instant;
import java.util.Optional;
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

  public Facts facts(String channel, String handle, Long conversationId) {
    return jdbi.withHandle(
        h -> {
          record Contact(long id, String language) {}
          Optional<Contact> contact =
              h.createQuery(
                      "SELECT c.id, c.language FROM contact_handle ch JOIN contact c ON c.id = ch.contact_id"
                          + " WHERE ch.channel = :ch AND ch.handle = :h")
                  .bind("ch", channel)
                  .bind("h", handle)
                  .map((rs, ctx) -> new Contact(rs.getLong(1), rs.getString(2)))
                  .findOne();
          Set<String> tags = new TreeSet<>();
          contact.ifPresent(
              c ->
                  tags.addAll(
                      h.createQuery("SELECT tag FROM contact_tag WHERE contact_id = :c")
                          .bind("c", c.id())
                          .mapTo(String.class)
                          .list()));
          int unanswered = 0;
          Instant first = null;
          String sentiment = null;
          Double score = null;
          if (conversationId != null) {
            var state =
                h.createQuery("SELECT sentiment, sentiment_score FROM conversation WHERE id = :c")
                    .bind("c", conversationId)
                    .map((rs, ctx) -> new Object[] {rs.getString(1), rs.getObject(2)})
                    .findOne();
            if (state.isPresent()) {
              sentiment = (String) state.get()[0];
              score = (Double) state.get()[1];
            }
            var row =
                h.createQuery(
                        "SELECT COUNT(*), MIN(sent_at) FROM message WHERE conversation_id = :c AND direction = 'in'"
                            + " AND id > COALESCE((SELECT MAX(id) FROM message WHERE conversation_id = :c"
                            + " AND direction = 'out'), 0)")
                    .bind("c", conversationId)
                    .map((rs, ctx) -> new Object[] {rs.getInt(1), Sql.instant(rs.getTimestamp(2))})
                    .one();
            unanswered = (Integer) row[0];
            first = (Instant) row[1];
          }
          return new Facts(
              unanswered, first, tags, contact.map(Contact::language).orElse(null), sentiment, score);
        });
  }
}
