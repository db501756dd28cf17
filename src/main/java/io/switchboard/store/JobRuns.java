package io.switchboard.store;

import static io.switchboard.store.Sql.ts;

import java.time.Clock;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * Who runs a scheduled job's run when several instances fire on the same schedule: the first to
 * insert the run's key in {@code job_run}. A run claimed by an instance that then dies is not done
 * again (at most once, as a person sending the weekly digest by hand would).
 */
public final class JobRuns {
  private final Jdbi jdbi;
  private final Clock clock;
  private final String instance;

  public JobRuns(Jdbi jdbi, Clock clock, String instance) {
    this.jdbi = jdbi;
    this.clock = clock;
    this.instance = instance;
  }

  /** Whether this instance does the run: true for exactly one caller per job and key. */
  public boolean claim(String job, String runKey) {
    try {
      return jdbi.withHandle(
              h ->
                  h.createUpdate(
                          "INSERT INTO job_run (job, run_key, instance, claimed_at) SELECT :job, :key, :me, :now"
                              + " FROM (VALUES(0)) AS x(n)"
                              + " WHERE NOT EXISTS (SELECT 1 FROM job_run WHERE job = :job AND run_key = :key)")
                      .bind("job", job)
                      .bind("key", runKey)
                      .bind("me", instance)
                      .bind("now", ts(clock.instant()))
                      .execute())
          > 0;
    } catch (JdbiException e) {
      // another instance inserted the same key at the same moment: the key decides
      return false;
    }
  }
}
