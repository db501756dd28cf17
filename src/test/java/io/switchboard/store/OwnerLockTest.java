package io.switchboard.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded database's owner lock (ADR 0053): after a Switchboard process died with the database
 * open, HSQLDB's lock file, whose heartbeat is still fresh, no longer holds the next start; after a
 * clean stop a lock file is left to HSQLDB, since another program may hold the database.
 */
class OwnerLockTest {
  /** HSQLDB's lock file format: the magic "HSQLLOCK" and the heartbeat's epoch milliseconds. */
  private static final byte[] MAGIC = "HSQLLOCK".getBytes(StandardCharsets.US_ASCII);

  @TempDir Path dir;

  @Test
  void aDeadOwnersHsqldbLockShouldNotHoldTheNextOpen() throws Exception {
    try (Database db = Database.embedded(dir)) {
      db.jdbi().useHandle(h -> h.execute("INSERT INTO job_run (job, run_key, instance, claimed_at) VALUES ('t', 'k', 'i', CURRENT_TIMESTAMP)"));
    }
    Path db = dir.resolve("db");
    assertThat(Files.readString(db.resolve(OwnerLock.FILE)).strip()).isEqualTo("closed");
    // what SIGKILL leaves: the owner file says open, HSQLDB's lock file has a fresh heartbeat;
    // here the heartbeat is even kept fresh, so HSQLDB alone would refuse to open (and the pool
    // would give up after 30 s)
    Files.writeString(db.resolve(OwnerLock.FILE), "open 4194305\n");
    try (Heartbeat beat = new Heartbeat(db.resolve("switchboard.lck"))) {
      try (Database reopened = Database.embedded(dir)) {
        long runs = reopened.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM job_run WHERE job = 't'").mapTo(Long.class).one());
        assertThat(runs).isEqualTo(1);
        assertThat(Files.readString(db.resolve(OwnerLock.FILE)).strip()).isEqualTo("open " + ProcessHandle.current().pid());
      }
    }
    assertThat(Files.readString(db.resolve(OwnerLock.FILE)).strip()).isEqualTo("closed");
  }

  @Test
  void aLockFileAfterACleanStopShouldBeLeftToHsqldb() throws Exception {
    Path db = dir.resolve("db");
    Files.createDirectories(db);
    Files.writeString(db.resolve(OwnerLock.FILE), "closed\n");
    try (Heartbeat beat = new Heartbeat(db.resolve("switchboard.lck"))) {
      try (OwnerLock lock = OwnerLock.acquire(db, "switchboard")) {
        assertThat(db.resolve("switchboard.lck")).as("another program's lock").exists();
      }
    }
  }

  @Test
  void aFolderNoSwitchboardOpenedShouldKeepItsLockFile() throws Exception {
    Path db = dir.resolve("db");
    Files.createDirectories(db);
    try (Heartbeat beat = new Heartbeat(db.resolve("switchboard.lck"))) {
      try (OwnerLock lock = OwnerLock.acquire(db, "switchboard")) {
        assertThat(db.resolve("switchboard.lck")).exists();
      }
    }
  }

  @Test
  void opensInOneJvmShouldShareTheLockAndTheLastCloseMarksItClosed() {
    Path db = dir.resolve("db");
    OwnerLock first = OwnerLock.acquire(db, "switchboard");
    OwnerLock second = OwnerLock.acquire(db, "switchboard");
    assertThat(second).isSameAs(first);
    second.closedCleanly();
    assertThat(read(db)).startsWith("open ");
    first.closedCleanly();
    assertThat(read(db)).isEqualTo("closed");
  }

  @Test
  void aFailedOpenShouldLeaveTheFileAsItWasFound() throws Exception {
    Path db = dir.resolve("db");
    Files.createDirectories(db);
    Files.writeString(db.resolve(OwnerLock.FILE), "closed\n");
    OwnerLock.acquire(db, "switchboard").openFailed();
    assertThat(read(db)).isEqualTo("closed");
  }

  private static String read(Path db) {
    try {
      return Files.readString(db.resolve(OwnerLock.FILE)).strip();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * An HSQLDB lock file whose heartbeat is rewritten every second, as a live holder does. Writes go
   * to the file it opened: once that is deleted, they no longer show under its name.
   */
  private static final class Heartbeat implements AutoCloseable {
    private final RandomAccessFile file;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    Heartbeat(Path path) throws IOException {
      file = new RandomAccessFile(path.toFile(), "rw");
      beat();
      timer.scheduleAtFixedRate(this::beat, 1, 1, TimeUnit.SECONDS);
    }

    private synchronized void beat() {
      try {
        file.seek(0);
        file.write(MAGIC);
        file.writeLong(System.currentTimeMillis());
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }

    @Override
    public void close() throws IOException {
      timer.shutdownNow();
      synchronized (this) {
        file.close();
      }
    }
  }
}
