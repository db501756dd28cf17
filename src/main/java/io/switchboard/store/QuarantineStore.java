package io.switchboard.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** Input kept whole because it could not be read: listed for admins, reprocessed on request. */
public final class QuarantineStore {
  private final Jdbi jdbi;

  public QuarantineStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  public record Entry(
      long id, String channel, String account, String sourceRef, String reason, long size, Instant createdAt) {}

  /** The raw input with where it came from. */
  public record Raw(String channel, String account, String sourceRef, byte[] bytes) {}

  public InboxQueries.Page<Entry> list(int limit, int offset) {
    return jdbi.withHandle(
        h -> {
          long total = h.createQuery("SELECT COUNT(*) FROM quarantine").mapTo(Long.class).one();
          List<Entry> items =
              h.createQuery(
                      "SELECT id, channel, account, source_ref, reason, OCTET_LENGTH(raw), created_at"
                          + " FROM quarantine ORDER BY id DESC OFFSET :o ROWS FETCH NEXT :l ROWS ONLY")
                  .bind("o", offset)
                  .bind("l", limit)
                  .map(
                      (rs, ctx) ->
                          new Entry(
                              rs.getLong(1),
                              rs.getString(2),
                              rs.getString(3),
                              rs.getString(4),
                              rs.getString(5),
                              rs.getLong(6),
                              Sql.instant(rs.getTimestamp(7))))
                  .list();
          return new InboxQueries.Page<>(total, items);
        });
  }

  public Optional<Raw> raw(long id) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT channel, account, source_ref, raw FROM quarantine WHERE id = :id")
                .bind("id", id)
                .map((rs, ctx) -> new Raw(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBytes(4)))
                .findOne());
  }

  /** Removes an entry once its input was stored (or found stored) after all. */
  public void remove(long id) {
    jdbi.useHandle(h -> h.createUpdate("DELETE FROM quarantine WHERE id = :id").bind("id", id).execute());
  }
}
