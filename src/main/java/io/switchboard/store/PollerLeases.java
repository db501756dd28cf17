package io.switchboard.store;

import static io.switchboard.store.Sql.ts;

import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which instance reads a channel account when several share one database: the holder of the
 * account's lease in {@code poller_lease}. An instance takes a free or expired lease with one
 * conditional statement (so two instances cannot both win), renews the leases it holds every third
 * of their time to live from a timer of its own (a poller may wait in IMAP IDLE far longer than
 * that), and gives them up when it stops. Another instance takes over an account once its holder
 * has died and the lease ran out.
 */
public final class PollerLeases implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PollerLeases.class);

  private final Jdbi jdbi;
  private final Clock clock;
  private final String holder;
  private final Duration ttl;
  private final Set<String> held = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService renewer;

  public PollerLeases(Jdbi jdbi, Clock clock, String holder, Duration ttl) {
    this.jdbi = jdbi;
    this.clock = clock;
    this.holder = holder;
    this.ttl = ttl;
    this.renewer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "poller-leases");
              t.setDaemon(true);
              return t;
            });
    long every = Math.max(100, ttl.toMillis() / 3);
    renewer.scheduleWithFixedDelay(this::renewAll, every, every, TimeUnit.MILLISECONDS);
  }

  /** Whether this instance holds the account's lease, taking it when it is free or expired. */
  public boolean holds(String account) {
    if (held.contains(account)) {
      return true;
    }
    if (take(account)) {
      held.add(account);
      LOG.info("reading {} on this instance ({})", account, holder);
      return true;
    }
    return false;
  }

  private boolean take(String account) {
    try {
      return jdbi.withHandle(
          h -> {
            int renewed =
                h.createUpdate(
                        "UPDATE poller_lease SET holder = :me, expires_at = :until"
                            + " WHERE account = :a AND (holder = :me OR expires_at < :now)")
                    .bind("a", account)
                    .bind("me", holder)
                    .bind("until", ts(clock.instant().plus(ttl)))
                    .bind("now", ts(clock.instant()))
                    .execute();
            if (renewed > 0) {
              return true;
            }
            // a second instance inserting at the same moment fails on the key and reads nothing
            return h.createUpdate(
                        "INSERT INTO poller_lease (account, holder, expires_at) SELECT :a, :me, :until"
                            + " FROM (VALUES(0)) AS x(n) WHERE NOT EXISTS (SELECT 1 FROM poller_lease WHERE account = :a)")
                    .bind("a", account)
                    .bind("me", holder)
                    .bind("until", ts(clock.instant().plus(ttl)))
                    .execute()
                > 0;
          });
    } catch (JdbiException e) {
      LOG.debug("lease of {} not taken: {}", account, e.toString());
      return false;
    }
  }

  /** The accounts this instance reads now. */
  public Set<String> held() {
    return Set.copyOf(held);
  }

  /** Extends every lease held; a lease found lost (taken after it expired) is dropped. */
  void renewAll() {
    for (String account : held) {
      try {
        int renewed =
            jdbi.withHandle(
                h ->
                    h.createUpdate("UPDATE poller_lease SET expires_at = :until WHERE account = :a AND holder = :me")
                        .bind("a", account)
                        .bind("me", holder)
                        .bind("until", ts(clock.instant().plus(ttl)))
                        .execute());
        if (renewed == 0) {
          held.remove(account);
          LOG.warn("lost the lease of {}: another instance reads it now", account);
        }
      } catch (JdbiException e) {
        // the database is away: stop reading until the lease can be confirmed again
        held.remove(account);
        LOG.warn("cannot renew the lease of {}: {}", account, e.toString());
      }
    }
  }

  /** Gives one lease up (a cluster view that stops), so another instance takes it at once. */
  public void release(String account) {
    held.remove(account);
    try {
      jdbi.useHandle(
          h -> h.createUpdate("DELETE FROM poller_lease WHERE account = :a AND holder = :me")
              .bind("a", account).bind("me", holder).execute());
    } catch (JdbiException e) {
      LOG.debug("lease of {} not released: {}", account, e.toString());
    }
  }

  /** This instance's name, the holder written in its leases. */
  public String holder() {
    return holder;
  }

  /** How long a lease lasts unless renewed. */
  public Duration ttl() {
    return ttl;
  }

  /** Stops renewing and gives the leases up, so another instance takes over at once. */
  @Override
  public void close() {
    renewer.shutdownNow();
    try {
      jdbi.useHandle(h -> h.createUpdate("DELETE FROM poller_lease WHERE holder = :me").bind("me", holder).execute());
    } catch (JdbiException e) {
      LOG.debug("leases not released: {}", e.toString());
    }
    held.clear();
  }
}
