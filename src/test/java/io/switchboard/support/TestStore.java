package io.switchboard.support;

import io.switchboard.store.Database;
import java.nio.file.Path;

/**
 * The two stores a test class runs against, as a class parameter: {@code @ParameterizedClass
 * @EnumSource(TestStore.class) @Tag("postgres")} (the tag lets {@code -Dgroups=postgres} run just
 * these classes). HSQLDB is the embedded default in a test's folder; PostgreSQL is a
 * fresh database in the JVM's {@link PostgresCluster} (skipped when there is none, failed under
 * {@code -Dswitchboard.requirePostgres=true}).
 */
public enum TestStore {
  HSQLDB("HSQLDB") {
    @Override
    public Database open(Path dir) {
      return HsqldbTemplate.open(dir);
    }

    @Override
    public String properties() {
      return "";
    }
  },
  POSTGRESQL("PostgreSQL") {
    @Override
    public Database open(Path dir) {
      return PostgresCluster.shared().newDatabase();
    }

    @Override
    public String properties() {
      PostgresCluster pg = PostgresCluster.shared();
      return "\nswitchboard.db.url = " + pg.newDatabaseUrl() + "\nswitchboard.db.user = " + pg.user()
          + "\nswitchboard.db.password =\n";
    }
  };

  private final String label;

  TestStore(String label) {
    this.label = label;
  }

  /** A new, migrated, empty database; HSQLDB's lives in {@code dir}. */
  public abstract Database open(Path dir);

  /**
   * Lines for a daemon's application.properties that point it at a new empty database of this
   * kind (none for HSQLDB: the daemon's data folder holds it).
   */
  public abstract String properties();

  @Override
  public String toString() {
    return label;
  }
}
