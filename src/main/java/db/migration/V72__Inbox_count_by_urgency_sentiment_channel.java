package db.migration;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * On PostgreSQL, a list filtered by urgency and by sentiment or channel is counted from one index
 * (ADR 0056): per status and urgency the count read every conversation of the range from the table
 * to test its sentiment and channel (a bitmap heap scan of 3,200 rows per urgency for the open
 * ones at 1,000,000 messages); with both in the index it reads only the matching entries and no
 * table rows. Not on HSQLDB: it takes the first index whose leading column has an equality, so
 * another index on status could change the plans of every other list (ADR 0051), and it counts
 * these lists within the target already.
 */
public class V72__Inbox_count_by_urgency_sentiment_channel extends BaseJavaMigration {
  @Override
  public void migrate(Context context) throws Exception {
    Dialect.onPostgres(context, s -> {
      s.execute("CREATE INDEX conversation_status_urgency_sentiment ON conversation (status, urgency, sentiment, channel)");
    });
  }
}
