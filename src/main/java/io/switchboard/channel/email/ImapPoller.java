package io.switchboard.channel.email;

import io.switchboard.channel.InboundPoller;
import io.switchboard.model.PollBatch;
import io.switchboard.model.RawInbound;
import io.switchboard.store.ChannelHealth;
import io.switchboard.store.CursorStore;
import io.switchboard.util.Backoff;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.eclipse.angus.mail.imap.protocol.BODY;
import org.eclipse.angus.mail.imap.protocol.FetchResponse;
import org.eclipse.angus.mail.imap.protocol.UID;
import org.eclipse.angus.mail.imap.protocol.UIDSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one IMAP folder by UID. Where polling resumes is the folder's UIDVALIDITY and the last UID
 * that went through ingest, kept in the database: nothing depends on {@code \Seen} flags or on mail
 * being deleted, and a restart neither misses nor repeats. When nothing is new, {@link #poll}
 * waits for mail (IMAP IDLE where the server offers it, else the poll interval) before returning.
 *
 * <p>One thread polls at a time (the route's timer); {@link #close} may be called from any thread
 * and ends a wait at once.
 */
public final class ImapPoller implements InboundPoller {
  private static final Logger LOG = LoggerFactory.getLogger(ImapPoller.class);

  /**
   * The first batch after a start takes at most this many messages, so that after a restart with
   * mail waiting the first of it is stored while the JVM is still compiling, instead of after a
   * whole batch of a cold start (ADR 0076).
   */
  static final int FIRST_BATCH = 25;

  private final EmailAccount account;
  private final CursorStore cursors;
  private final ChannelHealth health;
  private final Session session;
  private final ScheduledExecutorService idleTimer;
  private final Object wake = new Object();
  private volatile boolean closed;
  private volatile IMAPFolder folder;
  private Store store;
  private int failures;
  /** After a failed poll: the account's {@code retry.backoff}, doubling, at most {@code retry.backoff.max}. */
  private final Backoff backoff;

  /**
   * The most messages the next batch takes: {@link #FIRST_BATCH} after a start, doubled by each
   * batch that filled it, up to the account's batch size (ADR 0076).
   */
  private int batchLimit;

  public ImapPoller(EmailAccount account, CursorStore cursors, ChannelHealth health) {
    this.account = account;
    this.batchLimit = Math.min(FIRST_BATCH, account.batchSize());
    this.cursors = cursors;
    this.health = health;
    this.backoff = new Backoff(account.retryBackoff(), account.maxBackoff());
    this.session = Session.getInstance(sessionProperties(account.imap()));
    this.idleTimer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "imap-idle-" + account.id());
              t.setDaemon(true);
              return t;
            });
    health.register(account.id(), "email");
  }

  static Properties sessionProperties(EmailAccount.Server imap) {
    Properties p = new Properties();
    p.put("mail.store.protocol", imap.ssl() ? "imaps" : "imap");
    for (String proto : List.of("imap", "imaps")) {
      p.put("mail." + proto + ".host", imap.host());
      p.put("mail." + proto + ".port", String.valueOf(imap.port()));
      p.put("mail." + proto + ".connectiontimeout", "15000");
      p.put("mail." + proto + ".timeout", "60000");
      p.put("mail." + proto + ".partialfetch", "false");
      p.put("mail." + proto + ".starttls.enable", String.valueOf(imap.starttls()));
    }
    return p;
  }

  @Override
  public String channel() {
    return "email";
  }

  @Override
  public String accountId() {
    return account.id();
  }

  private String stream() {
    return "imap:" + account.folder();
  }

  /** New messages since the cursor, at most one batch; empty after waiting when none came. */
  @Override
  public PollBatch poll() {
    if (closed) {
      return PollBatch.empty(account.id(), stream());
    }
    try {
      IMAPFolder f = openFolder();
      long uidValidity = f.getUIDValidity();
      long lastUid = lastUid(uidValidity);
      int countBefore = f.getMessageCount();
      Message[] found = f.getMessagesByUID(lastUid + 1, UIDFolder.LASTUID);
      List<Message> fresh = new ArrayList<>();
      for (Message m : found) {
        if (m != null && f.getUID(m) > lastUid) {
          fresh.add(m);
        }
      }
      fresh.sort(Comparator.comparingLong(m -> uid(f, m)));
      if (fresh.size() >= batchLimit) {
        fresh = fresh.subList(0, batchLimit);
        batchLimit = Math.min(account.batchSize(), batchLimit * 2);
      }
      health.success(account.id());
      failures = 0;
      if (fresh.isEmpty()) {
        if (f.getMessageCount() != countBefore) {
          // mail arrived while we looked: the server told us with its answer to the search, and
          // will not tell again in IDLE; look again at once instead of waiting for maxIdle
          return PollBatch.empty(account.id(), stream());
        }
        waitForMail(f);
        return PollBatch.empty(account.id(), stream());
      }
      long[] uids = fresh.stream().mapToLong(m -> uid(f, m)).toArray();
      Map<Long, byte[]> bodies = fetchRaw(f, uids);
      List<RawInbound> items = new ArrayList<>(uids.length);
      long maxUid = lastUid;
      for (long uid : uids) {
        byte[] bytes = bodies.get(uid);
        if (bytes == null) {
          // expunged meanwhile, or a server hiccup: read again on the next poll, skip nothing
          throw new MessagingException("no body for UID " + uid + " in the server's answer");
        }
        items.add(new RawInbound("email", account.id(), uidValidity + "/" + uid, bytes));
        maxUid = Math.max(maxUid, uid);
      }
      return new PollBatch(account.id(), stream(), uidValidity + ":" + maxUid, items);
    } catch (MessagingException | RuntimeException e) {
      failed(e);
      return PollBatch.empty(account.id(), stream());
    }
  }

  private static long uid(IMAPFolder f, Message m) {
    try {
      return f.getUID(m);
    } catch (MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Moves the cursor past a batch once all of it went through ingest. */
  @Override
  public void commit(PollBatch batch) {
    cursors.put(account.id(), stream(), batch.cursor());
  }

  private long lastUid(long uidValidity) {
    return cursors
        .get(account.id(), stream())
        .map(v -> v.split(":"))
        .filter(v -> Long.parseLong(v[0]) == uidValidity)
        .map(v -> Long.parseLong(v[1]))
        .orElseGet(
            () -> {
              // first poll, or the server renumbered the folder: read it all again;
              // the processed-ids table keeps every message from being stored twice
              LOG.info("{}: reading {} from the start (UIDVALIDITY {})", account.id(), account.folder(), uidValidity);
              return 0L;
            });
  }

  /**
   * The raw RFC 822 bytes of the given messages, by UID, in one {@code UID FETCH ... (UID
   * BODY.PEEK[])} round trip. The bytes are taken from the response as the server sent them: no
   * {@code IMAPMessage} parses headers and content only for them to be written out again and
   * parsed a second time by the normalizer. {@code PEEK} leaves {@code \Seen} alone.
   */
  static Map<Long, byte[]> fetchRaw(IMAPFolder f, long[] uids) throws MessagingException {
    String set = UIDSet.toString(UIDSet.createUIDSets(uids));
    Object result =
        f.doCommand(
            p -> {
              Response[] r = p.command("UID FETCH " + set + " (UID BODY.PEEK[])", null);
              Map<Long, byte[]> bodies = new HashMap<>(uids.length * 2);
              for (int i = 0; i < r.length; i++) {
                if (r[i] instanceof FetchResponse fr) {
                  UID uid = fr.getItem(UID.class);
                  BODY body = fr.getItem(BODY.class);
                  if (uid != null && body != null && body.getByteArray() != null) {
                    bodies.put(uid.uid, body.getByteArray().getNewBytes());
                    r[i] = null; // consumed here; the rest (EXISTS, flags, ...) goes to the folder
                  }
                }
              }
              p.notifyResponseHandlers(r);
              p.handleResult(r[r.length - 1]);
              return bodies;
            });
    @SuppressWarnings("unchecked")
    Map<Long, byte[]> bodies = (Map<Long, byte[]>) result;
    return bodies;
  }

  private IMAPFolder openFolder() throws MessagingException {
    if (folder != null && folder.isOpen() && store.isConnected()) {
      return folder;
    }
    disconnect();
    EmailAccount.Server imap = account.imap();
    store = session.getStore();
    store.connect(imap.host(), imap.port(), imap.user(), imap.password());
    IMAPFolder f = (IMAPFolder) store.getFolder(account.folder());
    f.open(Folder.READ_ONLY);
    folder = f;
    LOG.info("{}: connected to {}:{} folder {}", account.id(), imap.host(), imap.port(), account.folder());
    return f;
  }

  private void waitForMail(IMAPFolder f) throws MessagingException {
    boolean idle = account.idle() && ((IMAPStore) store).hasCapability("IDLE");
    if (!idle) {
      sleep(account.pollInterval());
      return;
    }
    // IDLE returns on the first server notification; another thread touching the folder ends it
    ScheduledFuture<?> timeout =
        idleTimer.schedule(this::interruptIdle, account.maxIdle().toMillis(), TimeUnit.MILLISECONDS);
    try {
      f.idle(true);
    } finally {
      timeout.cancel(false);
    }
  }

  /**
   * Ends a running IDLE: any command on the folder from another thread makes Jakarta Mail send
   * DONE first. A plain NOOP through {@code doCommand} always goes to the server (unlike cached
   * getters, which skip the round trip when the connection was used within the last second).
   */
  private void interruptIdle() {
    IMAPFolder f = folder;
    if (f != null) {
      try {
        f.doCommand(
            p -> {
              p.simpleCommand("NOOP", null);
              return null;
            });
      } catch (MessagingException | RuntimeException e) {
        LOG.debug("{}: ending IDLE: {}", account.id(), e.toString());
      }
    }
  }

  private void failed(Exception e) {
    if (closed) {
      return;
    }
    failures++;
    String reason = e.getClass().getSimpleName() + ": " + e.getMessage();
    LOG.warn("{}: IMAP poll failed ({} in a row): {}", account.id(), failures, reason);
    if (e instanceof jakarta.mail.AuthenticationFailedException) {
      health.credentialsRefused(account.id(), reason);
    } else {
      health.failure(account.id(), reason);
    }
    disconnect();
    sleep(backoff.delay(failures));
  }

  private void sleep(Duration d) {
    synchronized (wake) {
      long until = System.currentTimeMillis() + d.toMillis();
      long left;
      while (!closed && (left = until - System.currentTimeMillis()) > 0) {
        try {
          wake.wait(left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  private void disconnect() {
    IMAPFolder f = folder;
    folder = null;
    try {
      if (f != null && f.isOpen()) {
        f.close(false);
      }
    } catch (MessagingException | RuntimeException e) {
      LOG.debug("{}: close folder: {}", account.id(), e.toString());
    }
    try {
      if (store != null) {
        store.close();
      }
    } catch (MessagingException | RuntimeException e) {
      LOG.debug("{}: close store: {}", account.id(), e.toString());
    }
  }

  @Override
  public void close() {
    closed = true;
    synchronized (wake) {
      wake.notifyAll();
    }
    interruptIdle();
    idleTimer.shutdownNow();
    disconnect();
  }
}
