package io.switchboard.store;

import static io.switchboard.store.Sql.ts;

import java.time.Clock;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** Where each account's polling resumes, per stream (a mail folder, a mentions timeline). */
public final class CursorStore {
  private final Jdbi jdbi;
  private final Clock clock;

  public CursorStore(Jdbi jdbi, Clock clock) {
    this.jdbi = jdbi;
    this.clock = clock;
  }

  public Optional<String> get(String account, String stream) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT cursor_value FROM channel_cursor WHERE account = :a AND stream = :s")
                .bind("a", account)
                .bind("s", stream)
                .mapTo(String.class)
                .findOne());
  }

  /**
   * Stores where polling resumes. Inside a transaction on this thread it is part of that transaction
   * (ingest writes a poll batch's cursor with the batch's last messages, ADR 0073). A value that is
   * already stored is not written again: the poller's own commit after ingest then costs a read, not
   * a second durable commit.
   */
  public void put(String account, String stream, String value) {
    jdbi.useTransaction(
        h -> {
          int n =
              h.createUpdate(
                      "UPDATE channel_cursor SET cursor_value = :v, updated_at = :now"
                          + " WHERE account = :a AND stream = :s AND cursor_value <> :v")
                  .bind("a", account)
                  .bind("s", stream)
                  .bind("v", value)
                  .bind("now", ts(clock.instant()))
                  .execute();
          if (n == 0
              && h.createQuery("SELECT COUNT(*) FROM channel_cursor WHERE account = :a AND stream = :s")
                      .bind("a", account)
                      .bind("s", stream)
                      .mapTo(Integer.class)
                      .one()
                  == 0) {
            h.createUpdate(
                    "INSERT INTO channel_cursor (account, stream, cursor_value, updated_at)"
                        + " VALUES (:a, :s, :v, :now)")
                .bind("a", account)
                .bind("s", stream)
                .bind("v", value)
                .bind("now", ts(clock.instant()))
                .execute();
          }
        });
  }
}
