package io.switchboard.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which process owns an embedded database folder: an operating-system lock on {@code owner.lock},
 * held while the database is open and released by the operating system the moment the process
 * dies, even by SIGKILL (ADR 0053).
 *
 * <p>HSQLDB's own lock file proves a holder alive only by a heartbeat it rewrites every 10 s, so
 * after a kill a restart had to wait until the heartbeat was 10.1 s old. The file also says whether
 * the last Switchboard owner closed the database: {@code open PID} while open, {@code closed} after
 * a clean stop. Whoever takes this lock while it still says {@code open} knows that HSQLDB's lock
 * file was left by a Switchboard process that died, and removes it so that HSQLDB opens at once.
 * After a clean stop, or when no Switchboard ever opened the folder, HSQLDB's lock file is left to
 * HSQLDB: another tool may hold the database.
 *
 * <p>Opens in one JVM share one lock (counted); the last close releases it.
 */
final class OwnerLock implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OwnerLock.class);
  static final String FILE = "owner.lock";
  private static final Map<Path, OwnerLock> HELD = new HashMap<>();

  private final Path path;
  private final FileChannel channel;
  private final FileLock lock;
  /** What the file said before this process took it: written back when the open fails. */
  private final String before;
  private int users;

  private OwnerLock(Path path, FileChannel channel, FileLock lock, String before) {
    this.path = path;
    this.channel = channel;
    this.lock = lock;
    this.before = before;
  }

  /**
   * Takes the lock of the database folder {@code dbDir}, whose HSQLDB files are named {@code
   * name.*}; removes HSQLDB's lock file when the last owner died with the database open.
   *
   * @throws IllegalStateException when another process holds it
   */
  static OwnerLock acquire(Path dbDir, String name) {
    Path path = dbDir.toAbsolutePath().normalize().resolve(FILE);
    synchronized (HELD) {
      OwnerLock held = HELD.get(path);
      if (held != null) {
        held.users++;
        return held;
      }
      try {
        Files.createDirectories(dbDir);
        FileChannel channel =
            FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock lock;
        try {
          lock = channel.tryLock();
        } catch (IOException | RuntimeException e) {
          channel.close();
          throw e;
        }
        if (lock == null) {
          String who = read(channel);
          channel.close();
          throw new IllegalStateException(
              "the database in " + dbDir + " is open in another Switchboard process (" + who + "); stop it first");
        }
        String before = read(channel);
        OwnerLock owner = new OwnerLock(path, channel, lock, before);
        if (before.startsWith("open ")) {
          Path hsqldbLock = dbDir.resolve(name + ".lck");
          if (Files.deleteIfExists(hsqldbLock)) {
            LOG.info("{} was left by a process that ended without closing the database ({}): removed", hsqldbLock, before);
          }
        }
        owner.write("open " + ProcessHandle.current().pid());
        owner.users = 1;
        HELD.put(path, owner);
        return owner;
      } catch (IOException e) {
        throw new UncheckedIOException("cannot lock " + path, e);
      }
    }
  }

  /**
   * Marks the database closed cleanly; call after HSQLDB's {@code SHUTDOWN}. Then releases the lock
   * when this was the last user in this JVM.
   */
  void closedCleanly() {
    synchronized (HELD) {
      if (users == 1) {
        write("closed");
      }
    }
    close();
  }

  /** The open failed: leaves the file as it was found (when no other open in this JVM uses it). */
  void openFailed() {
    synchronized (HELD) {
      if (users == 1) {
        write(before);
      }
    }
    close();
  }

  @Override
  public void close() {
    synchronized (HELD) {
      if (--users > 0) {
        return;
      }
      HELD.remove(path);
      try {
        lock.release();
        channel.close();
      } catch (IOException e) {
        LOG.warn("cannot release {}: {}", path, e.toString());
      }
    }
  }

  private void write(String state) {
    try {
      channel.truncate(0);
      channel.write(ByteBuffer.wrap((state + "\n").getBytes(StandardCharsets.UTF_8)), 0);
      channel.force(true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + path, e);
    }
  }

  private static String read(FileChannel channel) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(256);
    int n = channel.read(buf, 0);
    return n <= 0 ? "" : new String(buf.array(), 0, n, StandardCharsets.UTF_8).strip();
  }
}
