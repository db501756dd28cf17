package io.switchboard.store;

import static io.switchboard.store.Sql.ts;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * Who runs a scheduled job's run when several instances fire on the same schedule: the instance
 * whose claim in {@code job_run} is live. A claim expires ({@code claimTtl}) unless its holder
 * finishes the run or renews the claim; an unfinished run whose claim expired is taken over by
 * the next instance that asks (ADR 0038). Each recipient the run reached is recorded, so a run
 * taken over reaches only those the dead holder had not: each recipient once, except for a holder
 * killed between one recipient's send and its record (then that one recipient gets it twice).
 */
public final class JobRuns {
  /** How long a claim lasts unless renewed: the digest computes and sends well within it. */
  public static final Duration DEFAULT_CLAIM_TTL = Duration.ofMinutes(10);

  private final Jdbi jdbi;
  private final Clock clock;
  private final String instance;
  private final Duration claimTtl;

  public JobRuns(Jdbi jdbi, Clock clock, String instance) {
    this(jdbi, clock, instance, DEFAULT_CLAIM_TTL);
  }

  public JobRuns(Jdbi jdbi, Clock clock, String instance, Duration claimTtl) {
    this.jdbi = jdbi;
    this.clock = clock;
    this.instance = instance;
    this.claimTtl = claimTtl;
  }

  /**
   * Whether this instance does the run: true for exactly one caller per job and key while the
   * claim is live, and again for one caller once an unfinished run's claim has expired.
   */
  public boolean claim(String job, String runKey) {
    try {
      return jdbi.withHandle(
          h -> {
            int taken =
                h.createUpdate(
                        "UPDATE job_run SET instance = :me, claimed_at = :now, expires_at = :until"
                            + " WHERE job = :job AND run_key = :key AND done_at IS NULL AND expires_at < :now")
                    .bind("job", job)
                    .bind("key", runKey)
                    .bind("me", instance)
                    .bind("now", ts(clock.instant()))
                    .bind("until", ts(clock.instant().plus(claimTtl)))
                    .execute();
            if (taken > 0) {
              return true;
            }
            return h.createUpdate(
                        "INSERT INTO job_run (job, run_key, instance, claimed_at, expires_at) SELECT :job, :key, :me, :now, :until"
                            + " FROM (VALUES(0)) AS x(n)"
                            + " WHERE NOT EXISTS (SELECT 1 FROM job_run WHERE job = :job AND run_key = :key)")
                    .bind("job", job)
                    .bind("key", runKey)
                    .bind("me", instance)
                    .bind("now", ts(clock.instant()))
                    .bind("until", ts(clock.instant().plus(claimTtl)))
                    .execute()
                > 0;
          });
    } catch (JdbiException e) {
      // another instance inserted the same key at the same moment: the key decides
      return false;
    }
  }

  /** Unfinished runs of {@code job} whose claim expired (their holder died): to be taken over. */
  public List<String> abandoned(String job) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT run_key FROM job_run WHERE job = :job AND done_at IS NULL AND expires_at < :now ORDER BY claimed_at")
                .bind("job", job)
                .bind("now", ts(clock.instant()))
                .mapTo(String.class)
                .list());
  }

  /** Whether the run already reached {@code recipient} (on this instance or a dead one). */
  public boolean reached(String job, String runKey, String recipient) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT COUNT(*) FROM job_run_recipient WHERE job = :job AND run_key = :key AND recipient = :r")
                .bind("job", job)
                .bind("key", runKey)
                .bind("r", recipient)
                .mapTo(Long.class)
                .one()
            > 0);
  }

  /**
   * Records that the run reached {@code recipient} and extends this instance's claim; false when
   * the claim was lost meanwhile (taken over after it expired): the caller then stops.
   */
  public boolean reach(String job, String runKey, String recipient) {
    return jdbi.inTransaction(
        h -> {
          int mine =
              h.createUpdate("UPDATE job_run SET expires_at = :until WHERE job = :job AND run_key = :key AND instance = :me")
                  .bind("job", job)
                  .bind("key", runKey)
                  .bind("me", instance)
                  .bind("until", ts(clock.instant().plus(claimTtl)))
                  .execute();
          h.createUpdate(
                  "INSERT INTO job_run_recipient (job, run_key, recipient, instance, reached_at) SELECT :job, :key, :r, :me, :now"
                      + " FROM (VALUES(0)) AS x(n) WHERE NOT EXISTS"
                      + " (SELECT 1 FROM job_run_recipient WHERE job = :job AND run_key = :key AND recipient = :r)")
              .bind("job", job)
              .bind("key", runKey)
              .bind("r", recipient)
              .bind("me", instance)
              .bind("now", ts(clock.instant()))
              .execute();
          return mine > 0;
        });
  }

  /** Marks the run done: it is never taken over. */
  public void finish(String job, String runKey) {
    jdbi.useHandle(
        h ->
            h.createUpdate("UPDATE job_run SET done_at = :now WHERE job = :job AND run_key = :key")
                .bind("job", job)
                .bind("key", runKey)
                .bind("now", ts(clock.instant()))
                .execute());
  }
}
