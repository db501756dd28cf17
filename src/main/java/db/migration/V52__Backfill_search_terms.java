package db.migration;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Once filled the term index of V51 (ADR 0020) on an upgraded install. V63 drops that index (search
 * moved to Lucene and PostgreSQL's full-text search, ADR 0037), so this migration now does nothing;
 * it stays so that installs that ran it still validate.
 */
public class V52__Backfill_search_terms extends BaseJavaMigration {
  @Override
  public void migrate(Context context) {
    // superseded by V63: nothing to fill
  }
}
