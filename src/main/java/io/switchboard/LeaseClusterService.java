package io.switchboard;

import io.switchboard.store.PollerLeases;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.camel.cluster.CamelClusterMember;
import org.apache.camel.support.cluster.AbstractCamelClusterService;
import org.apache.camel.support.cluster.AbstractCamelClusterView;

/**
 * Camel's cluster service over the poller lease table (ADR 0038), so that a route written {@code
 * from: master:NAME:...} runs on one instance at a time: the holder of the lease {@code
 * master:NAME}. A view asks for its lease every third of the lease's time to live (the lease table
 * renews what it holds on its own timer); when an instance dies, another takes the lease once it
 * expires and its {@code master:} routes start there. When it stops, its leases are given up.
 *
 * <p>Without leases (the embedded database, one process) every view is the leader at once.
 * {@code switchboard.cluster.service = camel} leaves this service out, so that a cluster service
 * configured through Camel Main ({@code camel.cluster.kubernetes.*}, {@code
 * camel.cluster.file.*}, ZooKeeper's) serves the same routes.
 */
final class LeaseClusterService extends AbstractCamelClusterService<LeaseClusterService.View> {
  /** The lease key prefix: leadership rows sit beside account rows, and health lists only accounts. */
  static final String PREFIX = "master:";

  private final PollerLeases leases;
  private final ScheduledExecutorService timer;

  /** @param leases the instance's lease table, or null when it runs alone (always the leader) */
  LeaseClusterService(PollerLeases leases, String instance) {
    super("switchboard-leases");
    this.leases = leases;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "cluster-leadership");
              t.setDaemon(true);
              return t;
            });
    setAttribute("instance", instance);
  }

  @Override
  protected View createView(String namespace) {
    return new View(namespace);
  }

  @Override
  protected void doStop() throws Exception {
    super.doStop();
    timer.shutdownNow();
  }

  final class View extends AbstractCamelClusterView {
    private final Member local = new Member();
    private volatile boolean leader;
    private volatile java.util.concurrent.ScheduledFuture<?> check;

    View(String namespace) {
      super(LeaseClusterService.this, namespace);
    }

    @Override
    protected void doStart() {
      if (leases == null) {
        changed(true);
        return;
      }
      long every = Math.max(100, Math.min(1000, leases.ttl().toMillis() / 3));
      check = timer.scheduleWithFixedDelay(this::check, 0, every, TimeUnit.MILLISECONDS);
    }

    @Override
    protected void doStop() {
      if (check != null) {
        check.cancel(false);
      }
      if (leases != null) {
        leases.release(PREFIX + getNamespace());
      }
      if (leader) {
        changed(false);
      }
    }

    private void check() {
      try {
        boolean now = leases.holds(PREFIX + getNamespace());
        if (now != leader) {
          changed(now);
        }
      } catch (RuntimeException e) {
        // the database is away: keep what we know, the lease table drops what it cannot renew
      }
    }

    private void changed(boolean now) {
      leader = now;
      fireLeadershipChangedEvent(now ? Optional.of(local) : Optional.empty());
    }

    @Override
    public Optional<CamelClusterMember> getLeader() {
      return leader ? Optional.of(local) : Optional.empty();
    }

    @Override
    public CamelClusterMember getLocalMember() {
      return local;
    }

    @Override
    public List<CamelClusterMember> getMembers() {
      return List.of(local);
    }

    private final class Member implements CamelClusterMember {
      @Override
      public boolean isLeader() {
        return leader;
      }

      @Override
      public boolean isLocal() {
        return true;
      }

      @Override
      public String getId() {
        return (String) getAttributes().get("instance");
      }
    }
  }
}
