package db.migration;

import java.sql.Statement;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * A tag row carries its conversation's status (ADR 0057), so a list filtered by tag and status
 * reads one index range, {@code conversation_tag_tag_status (tag, status, conversation_id)},
 * instead of every row of the tag with a probe of {@code conversation} each. A trigger on {@code
 * conversation} copies each status change to the conversation's tag rows in the same statement,
 * so no code path can leave them behind; it fires only when the status really changes (most
 * customer messages set "open" on a conversation that is open already). Written per store: HSQLDB
 * runs one SQL statement as the trigger's action, PostgreSQL calls a PL/pgSQL function.
 */
public class V73__Conversation_tag_status extends BaseJavaMigration {
  @Override
  public void migrate(Context context) throws Exception {
    boolean postgres = Dialect.isPostgres(context);
    try (Statement s = context.getConnection().createStatement()) {
      s.execute("ALTER TABLE conversation_tag ADD COLUMN status VARCHAR(12)");
      s.execute("UPDATE conversation_tag SET status ="
          + " (SELECT c.status FROM conversation c WHERE c.id = conversation_tag.conversation_id)");
      s.execute("ALTER TABLE conversation_tag ALTER COLUMN status SET NOT NULL");
      // (tag, conversation_id) of V50 is this index's prefix without the status between
      s.execute("DROP INDEX conversation_tag_tag");
      s.execute("CREATE INDEX conversation_tag_tag_status ON conversation_tag(tag, status, conversation_id)");
      if (postgres) {
        s.execute("CREATE FUNCTION conversation_tag_status() RETURNS trigger LANGUAGE plpgsql AS $$"
            + " BEGIN UPDATE conversation_tag SET status = NEW.status WHERE conversation_id = NEW.id; RETURN NULL; END $$");
        s.execute("CREATE TRIGGER conversation_tag_status AFTER UPDATE OF status ON conversation FOR EACH ROW"
            + " WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION conversation_tag_status()");
      } else {
        s.execute("CREATE TRIGGER conversation_tag_status AFTER UPDATE OF status ON conversation"
            + " REFERENCING OLD ROW AS o NEW ROW AS n FOR EACH ROW WHEN (o.status <> n.status)"
            + " UPDATE conversation_tag SET status = n.status WHERE conversation_id = n.id");
      }
    }
  }
}
