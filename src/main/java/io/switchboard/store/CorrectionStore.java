package io.switchboard.store;

import static io.switchboard.store.Sql.ts;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** Agents' corrections of message tags: applied to the message at once, learnt by the next train. */
public final class CorrectionStore {
  private final Jdbi jdbi;
  private final Clock clock;

  public CorrectionStore(Jdbi jdbi, Clock clock) {
    this.jdbi = jdbi;
    this.clock = clock;
  }

  /** One correction with the text it is about. */
  public record Correction(String text, String language, String sentiment, String urgency) {}

  /**
   * Records a correction and applies it to the message (null leaves a tag as it was).
   *
   * @return false when there is no such inbound message
   */
  public boolean correct(long messageId, String sentiment, String urgency, String actor) {
    return jdbi.inTransaction(
        h -> {
          Optional<String[]> msg =
              h.createQuery(
                      "SELECT COALESCE(display_text, text), language FROM message WHERE id = :id AND direction = 'in'")
                  .bind("id", messageId)
                  .map((rs, ctx) -> new String[] {rs.getString(1), rs.getString(2)})
                  .findOne();
          if (msg.isEmpty()) {
            return false;
          }
          h.createUpdate(
                  "INSERT INTO tag_correction (message_id, text, language, sentiment, urgency, actor, created_at)"
                      + " VALUES (:m, :t, :l, :s, :u, :a, :now)")
              .bind("m", messageId)
              .bind("t", msg.get()[0])
              .bind("l", msg.get()[1])
              .bind("s", sentiment)
              .bind("u", urgency)
              .bind("a", actor)
              .bind("now", ts(clock.instant()))
              .execute();
          h.createUpdate(
                  "UPDATE message SET sentiment = COALESCE(:s, sentiment), urgency = COALESCE(:u, urgency)"
                      + " WHERE id = :m")
              .bind("s", sentiment)
              .bind("u", urgency)
              .bind("m", messageId)
              .execute();
          AuditLog.record(h, clock, actor, "tags.correct", "message", messageId,
              "sentiment=" + sentiment + " urgency=" + urgency);
          return true;
        });
  }

  /** Every correction, the latest per message last, for training. */
  public List<Correction> all() {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT text, language, sentiment, urgency FROM tag_correction ORDER BY id")
                .map((rs, ctx) -> new Correction(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)))
                .list());
  }
}
