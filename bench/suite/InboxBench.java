import io.switchboard.store.Database;
import io.switchboard.store.InboxQueries;
import io.switchboard.store.InboxQueries.Filter;
import io.switchboard.store.InboxQueries.Sort;
import io.switchboard.support.PostgresCluster;
import io.switchboard.support.TestStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

/**
 * The inbox at scale: 1,000,000 messages in 200,000 conversations of 150,000 customers in an HSQLDB
 * file database and, with {@code SB_BENCH_STORES=hsqldb,postgresql}, in a PostgreSQL cluster kept
 * under the bench folder (each seeded once with JDBC batches, then reused), queried through the real {@link
 * InboxQueries}: lists with filters and sorts, full-text search, opening a conversation. Also the
 * database's size on disk and the heap in use after the queries. Query plans go to
 * {@code plans.txt} next to the database.
 */
final class InboxBench {
  interface Rows {
    void row(String figure, String value, String baseline, String verdict);
  }

  static final String[] CHANNELS = {"email", "email", "email", "email", "x", "facebook", "instagram"};
  static final String[] STATUSES = {"open", "open", "pending", "resolved", "resolved", "resolved", "resolved", "closed"};
  static final String[] LANGS = {"en", "en", "en", "en", "de", "fr", "es", "it"};
  static final String[] URGENCY = {"normal", "normal", "normal", "normal", "normal", "low", "low", "high", "urgent"};
  static final String[] SENTIMENT = {"neutral", "neutral", "negative", "positive"};
  static final String[] TAGS = {"refund", "delivery", "billing", "vip", "damaged", "login", "warranty"};
  static final String[] WORDS = (
      "parcel order refund delivery late tracking invoice charged twice account login password broken damaged "
          + "replacement warranty address change cancel subscription payment card bank transfer coupon discount "
          + "size colour exchange return label courier warehouse shipping customs fee store pickup voucher "
          + "thanks please help urgent soon today tomorrow week waiting still again never received missing "
          + "Lieferung Bestellung Rechnung commande livraison remboursement pedido entrega reembolso ordine").split(" ");
  static final String[] FIRST = {"Anna", "Ben", "Chloe", "Dmitri", "Elif", "Femi", "Greta", "Hiro", "Ines", "Jonas", "Kai", "Lena", "Marta", "Nils", "Olu", "Paula", "Quinn", "Rosa", "Sven", "Tara"};
  static final String[] LAST = {"Schmidt", "Rossi", "Dubois", "Novak", "Garcia", "Okafor", "Tanaka", "Berg", "Silva", "Kowalski", "Meyer", "Jensen"};

  private InboxBench() {}

  /** Rounds of every query before any is timed (at most 30 s of them). */
  static final int WARMUP_ROUNDS = 10;

  /** A query the bench times: what it is, its target p95 (ms), how many samples, and the query (rows found). */
  record Query(String what, double targetMs, int samples, Supplier<Long> run) {}

  /** One timed query on one store: rows found, wall-clock p50 and p95, CPU p50 (ms). */
  record Measure(String what, double targetMs, long found, int samples, double p50, double p95, double cpuP50) {}

  /**
   * Seeds (once per store) and queries the inbox on each store, then prints every query's figures
   * of all stores side by side in one row.
   */
  static void run(Path work, int messages, List<TestStore> stores, Rows out) throws Exception {
    java.util.Map<TestStore, List<Measure>> all = new java.util.LinkedHashMap<>();
    for (TestStore kind : stores) {
      all.put(kind, runOne(kind, work, messages, out));
    }
    List<Measure> first = all.values().iterator().next();
    for (int i = 0; i < first.size(); i++) {
      int at = i;
      StringBuilder notes = new StringBuilder();
      StringBuilder values = new StringBuilder();
      StringBuilder verdicts = new StringBuilder();
      for (var e : all.entrySet()) {
        Measure m = e.getValue().get(at);
        String sep = notes.length() == 0 ? "" : "; ";
        String label = all.size() > 1 ? e.getKey() + " " : "";
        notes.append(sep).append(String.format("%s%,d found, %d samples, CPU p50 %s", label, m.found(), m.samples(), BenchSuite.ms(m.cpuP50())));
        values.append(values.length() == 0 ? "" : " · ").append(label).append(BenchSuite.ms(m.p50())).append(" / ").append(BenchSuite.ms(m.p95()));
        verdicts.append(verdicts.length() == 0 ? "" : " · ").append(BenchSuite.verdict(m.p95() <= m.targetMs()));
      }
      Measure m = first.get(i);
      out.row(m.what() + " [" + notes + "]", values.toString(), "target p95 <= " + BenchSuite.ms(m.targetMs()), verdicts.toString());
    }
  }

  /** The CPU time a query costs: this thread's, plus the PostgreSQL server processes' when remote. */
  interface Cpu {
    long nanos();
  }

  private static List<Measure> runOne(TestStore kind, Path work, int messages, Rows out) throws Exception {
    int conversations = messages / 5;
    boolean hsqldb = kind == TestStore.HSQLDB;
    Path data = work.resolve(hsqldb ? "inbox" : "inbox-postgresql");
    System.out.println("  " + kind + ": " + data);
    try (Database db = hsqldb ? Database.embedded(data) : postgres(data)) {
      long have = db.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM message").mapTo(Long.class).one());
      if (have < messages) {
        if (have > 0) {
          throw new IllegalStateException(data + " holds " + have + " messages, fewer than " + messages + ": delete it to seed again");
        }
        long t0 = System.nanoTime();
        seed(db, hsqldb, messages, conversations);
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf("  seeded %,d messages in %,d conversations in %.0f s%n", messages, conversations, s);
        out.row(String.format("Inbox seed on %s: %,d messages, %,d conversations (JDBC batches)", kind, messages, conversations),
            String.format("%.0f s", s), String.format("%,.0f rows/s", messages / s), "");
      } else {
        System.out.printf("  reusing %,d messages in %s%n", have, data);
      }
      // the search index (ADR 0037): built from the seeded rows at the first run, caught up after
      long i0 = System.nanoTime();
      long indexed = db.search().catchUp();
      if (indexed > 0) {
        double s = (System.nanoTime() - i0) / 1e9;
        out.row(String.format("Search index built from the store (%s, %,d messages)", hsqldb ? "Lucene" : "PostgreSQL tsvector", indexed),
            String.format("%.0f s", s), String.format("%,.0f messages/s", indexed / s), "");
        if (!hsqldb) {
          db.jdbi().useHandle(h -> h.execute("VACUUM ANALYZE search_doc"));
        }
      }
      java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
      Cpu cpu = hsqldb ? threads::getCurrentThreadCpuTime : serverCpu(db, threads);
      InboxQueries inbox = new InboxQueries(db.jdbi(), db.search());
      Random rnd = new Random(3);
      String agent = "agent3";
      List<Query> queries = new ArrayList<>();
      queries.add(new Query("Inbox list: open, most recent first (50 of all)", 50, 30,
          () -> inbox.list(new Filter(null, "open", null, null, null, null, null, false, null, null, Sort.RECENT, 50, 0)).total()));
      queries.add(new Query("Inbox list: no filter, most recent first", 50, 30,
          () -> inbox.list(new Filter(null, null, null, null, null, null, null, false, null, null, Sort.RECENT, 50, 0)).total()));
      queries.add(new Query("Inbox list: open + pending, sorted by urgency", 50, 30,
          () -> inbox.list(new Filter(null, "open,pending", null, null, null, null, null, false, null, null, Sort.URGENCY, 50, 0)).total()));
      queries.add(new Query("Inbox list: email, open, negative, urgent+high", 50, 30,
          () -> inbox.list(new Filter("email", "open", null, "negative", "urgent,high", null, null, false, null, null, Sort.URGENCY, 50, 0)).total()));
      queries.add(new Query("Inbox list: assigned to one agent, open", 50, 30,
          () -> inbox.list(new Filter(null, "open", null, null, null, null, agent, false, null, null, Sort.RECENT, 50, 0)).total()));
      queries.add(new Query("Inbox list: unassigned, open, German", 50, 30,
          () -> inbox.list(new Filter(null, "open", null, null, null, "de", null, true, null, null, Sort.RECENT, 50, 0)).total()));
      queries.add(new Query("Inbox list: tag 'refund', open", 50, 30,
          () -> inbox.list(new Filter(null, "open", null, null, null, null, null, false, "refund", null, Sort.RECENT, 50, 0)).total()));
      queries.add(new Query("Inbox list: open, longest waiting first", 50, 30,
          () -> inbox.list(new Filter(null, "open", null, null, null, null, null, false, null, null, Sort.WAITING, 50, 0)).total()));
      queries.add(new Query("Inbox list: page 100 (offset 4,950), open", 50, 20,
          () -> inbox.list(new Filter(null, "open", null, null, null, null, null, false, null, null, Sort.RECENT, 50, 4950)).total()));
      queries.add(new Query("Search 'charger' in all conversations", 200, 10,
          () -> inbox.list(new Filter(null, null, "charger", null, null, null, null, false, null, null, Sort.RECENT, 50, 0)).total()));
      queries.add(new Query("Search a customer's name, open", 200, 10,
          () -> inbox.list(new Filter(null, "open", "okafor", null, null, null, null, false, null, null, Sort.RECENT, 50, 0)).total()));
      queries.add(new Query("Search two words, one a prefix: 'smok charg'", 200, 10,
          () -> inbox.list(new Filter(null, null, "smok charg", null, null, null, null, false, null, null, Sort.RECENT, 50, 0)).total()));
      queries.add(new Query("Search with an accent: 'rémboursement', open, negative", 200, 10,
          () -> inbox.list(new Filter(null, "open", "rémboursement", "negative", null, null, null, false, null, null, Sort.RECENT, 50, 0)).total()));
      queries.add(new Query("Search a stemmed word: 'refunds' (finds 'refund')", 200, 10,
          () -> inbox.list(new Filter(null, null, "refunds", null, null, null, null, false, null, null, Sort.RECENT, 50, 0)).total()));
      queries.add(new Query("Search a phrase: '\"charger smoked\"'", 200, 10,
          () -> inbox.list(new Filter(null, null, "\"charger smoked\"", null, null, null, null, false, null, null, Sort.RECENT, 50, 0)).total()));
      queries.add(new Query("Search 'charger': the index alone (up to 1,000 hits)", 200, 10,
          () -> (long) db.search().find("charger", InboxQueries.SEARCH_MAX).size()));
      queries.add(new Query("Open a conversation (header + messages)", 50, 200,
          () -> {
            long id = 1 + rnd.nextInt(conversations);
            inbox.conversation(id).orElseThrow();
            return (long) inbox.messages(id).size();
          }));
      // a daemon that serves agents is warm: its list code compiled and its row cache holding the
      // lists' working set; so every query runs in rounds before any is timed, or the first one
      // timed would also pay for compiling the code all lists share
      long warm = System.nanoTime() + 30_000_000_000L;
      for (int round = 0; round < WARMUP_ROUNDS && System.nanoTime() < warm; round++) {
        queries.forEach(q -> q.run().get());
      }
      List<Measure> m = new ArrayList<>();
      for (Query q : queries) {
        m.add(time(cpu, q.what(), q.targetMs(), q.samples(), q.run()));
      }
      plans(db, hsqldb, data.resolve("plans.txt"));
      if (hsqldb) {
        // HSQLDB's row cache (switchboard.db.cacheMb): what the lists' working set takes of it; the
        // heap row below holds it, so it is about the heap the daemon needs at this size
        String cache = db.jdbi().withHandle(h -> h.createQuery(
                "SELECT cache_size, cache_bytes, max_cache_count, max_cache_bytes FROM information_schema.system_cacheinfo")
            .map((rs, ctx) -> String.format("%,d rows, %s of %s (at most %,d rows)", rs.getLong(1),
                BenchSuite.mb(rs.getLong(2) / 1048576.0), BenchSuite.mb(rs.getLong(4) / 1048576.0), rs.getLong(3)))
            .findFirst().orElse("none"));
        out.row("HSQLDB row cache after the queries (default " + Database.DEFAULT_CACHE_MB + " MB)", cache, "", "");
        db.jdbi().useHandle(h -> h.execute("CHECKPOINT"));
        System.gc();
        Runtime rt = Runtime.getRuntime();
        double heap = (rt.totalMemory() - rt.freeMemory()) / 1048576.0;
        out.row("Inbox database on disk (HSQLDB cached tables)", BenchSuite.mb(size(data)), "", "");
        out.row("Heap in use after the queries, after GC (max " + BenchSuite.mb(rt.maxMemory() / 1048576.0) + ")", BenchSuite.mb(heap), "", "");
      } else {
        long bytes = db.jdbi().withHandle(h -> h.createQuery("SELECT pg_database_size(current_database())").mapTo(Long.class).one());
        out.row("Inbox database on disk (PostgreSQL, with the search documents)", BenchSuite.mb(bytes / 1048576.0), "", "");
      }
      return m;
    }
  }

  /**
   * The benchmark's PostgreSQL: a cluster kept in {@code dir} (seeded once, reused by later runs,
   * as the HSQLDB file is), with the tests' settings, and its database {@code inbox}.
   */
  private static Database postgres(Path dir) throws Exception {
    PostgresCluster pg = PostgresCluster.kept(dir);
    try (Connection c = java.sql.DriverManager.getConnection(pg.server() + "postgres", pg.user(), "");
        Statement s = c.createStatement()) {
      var r = s.executeQuery("SELECT COUNT(*) FROM pg_database WHERE datname = 'inbox'");
      r.next();
      if (r.getInt(1) == 0) {
        s.execute("CREATE DATABASE inbox");
      }
    }
    return Database.open(pg.server() + "inbox?reWriteBatchedInserts=true", pg.user(), "");
  }

  /**
   * This thread's CPU time plus that of every server process of the database (read from
   * {@code /proc/PID/schedstat}; the server runs on this machine), so a query's cost on
   * PostgreSQL counts the server's work as HSQLDB's counts its own on the calling thread.
   */
  private static Cpu serverCpu(Database db, java.lang.management.ThreadMXBean threads) {
    List<Long> pids = db.jdbi().withHandle(h -> h.createQuery(
        "SELECT pid FROM pg_stat_activity WHERE datname = current_database()").mapTo(Long.class).list());
    return () -> {
      long sum = threads.getCurrentThreadCpuTime();
      for (long pid : pids) {
        try {
          sum += Long.parseLong(Files.readString(Path.of("/proc/" + pid + "/schedstat")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
          // a server process that ended: its time is gone from both readings
        }
      }
      return sum;
    };
  }

  private static Measure time(Cpu cpuClock, String what, double targetMs, int samples, Supplier<Long> query) {
    long w0 = System.nanoTime();
    long found = query.get(); // warm-up
    List<Double> ms = new ArrayList<>();
    if ((System.nanoTime() - w0) / 1e9 > 5) {
      ms.add((System.nanoTime() - w0) / 1e6); // far too slow to sample: the one run is the figure
    }
    long budget = System.nanoTime() + 10_000_000_000L; // slow queries get fewer samples
    // the embedded database runs on the calling thread: its CPU time is the query's cost whatever
    // else shares the cores (on a loaded machine the wall-clock figures mostly measure the queue)
    List<Double> cpu = new ArrayList<>();
    for (int i = ms.size(); i < samples && (i < 1 || System.nanoTime() < budget); i++) {
      long t0 = System.nanoTime();
      long c0 = cpuClock.nanos();
      query.get();
      cpu.add((cpuClock.nanos() - c0) / 1e6);
      ms.add((System.nanoTime() - t0) / 1e6);
    }
    double p50 = Bench.percentile(ms, 50);
    double p95 = Bench.percentile(ms, 95);
    double cpuP50 = cpu.isEmpty() ? Double.NaN : Bench.percentile(cpu, 50);
    System.out.printf("    %s [%,d found; %d samples; CPU p50 %s]: %s / %s%n", what, found, ms.size(),
        BenchSuite.ms(cpuP50), BenchSuite.ms(p50), BenchSuite.ms(p95));
    return new Measure(what, targetMs, found, ms.size(), p50, p95, cpuP50);
  }

  static long size(Path dir) throws IOException {
    try (var s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum() / 1048576;
    }
  }

  /** HSQLDB's plans for the shapes of the inbox queries, for choosing indexes. */
  private static void plans(Database db, boolean hsqldb, Path file) throws IOException {
    // the shapes InboxQueries.list runs (ADRs 0019, 0051): counts per status (and urgency or
    // language) on conversation alone, a tag count from the tag's side, page ids per status (and
    // urgency) from an index in list order, the waiting ones in waiting order, the assignee path
    // (its count and page over the agent's index range, ADR 0075), then the page's rows
    String from = " FROM conversation c JOIN contact ct ON ct.id = c.contact_id"
        + " LEFT JOIN contact_handle ch ON ch.contact_id = c.contact_id AND ch.channel = c.channel";
    List<String> queries = List.of(
        "SELECT 1 AS one FROM conversation c WHERE 1 = 1 AND c.status = 'open' FETCH FIRST 10001 ROWS ONLY",
        "SELECT COUNT(*) FROM (SELECT 1 AS one FROM conversation c WHERE 1 = 1 AND c.channel IN ('email') AND c.sentiment IN ('negative') AND c.urgency = 'urgent' AND c.status = 'open' FETCH FIRST 10001 ROWS ONLY) x",
        "SELECT COUNT(*) FROM (SELECT 1 AS one FROM conversation c WHERE 1 = 1 AND CASE WHEN c.assignee IS NULL THEN 1 ELSE 0 END = 1 AND c.language = 'de' AND c.status = 'open' FETCH FIRST 10001 ROWS ONLY) x",
        "SELECT 1 AS one FROM conversation_tag t WHERE 1 = 1 AND t.tag = 'refund' AND t.status = 'open' FETCH FIRST 10001 ROWS ONLY",
        "SELECT c.id, c.last_message_at FROM conversation c WHERE 1 = 1 AND c.status = 'open' ORDER BY c.status DESC, c.last_message_at DESC, c.id DESC FETCH FIRST 50 ROWS ONLY",
        "SELECT c.id, c.last_message_at FROM conversation c WHERE 1 = 1 AND c.channel IN ('email') AND c.sentiment IN ('negative') AND c.status = 'open' AND c.urgency = 'urgent' ORDER BY c.status DESC, c.urgency DESC, c.last_message_at DESC, c.id DESC FETCH FIRST 50 ROWS ONLY",
        "SELECT c.id, c.last_message_at FROM conversation c WHERE 1 = 1 AND c.language IN ('de') AND CASE WHEN c.assignee IS NULL THEN 1 ELSE 0 END = 1 AND c.status = 'open' ORDER BY c.status DESC, c.last_message_at DESC, c.id DESC FETCH FIRST 50 ROWS ONLY",
        "SELECT c.id, c.last_message_at, c.urgency, c.waiting_since FROM conversation_tag t JOIN conversation c ON c.id = t.conversation_id WHERE 1 = 1 AND t.tag = 'refund' AND t.status = 'open'",
        "SELECT c.id, c.last_message_at FROM conversation c WHERE 1 = 1 AND EXISTS (SELECT 1 FROM conversation_tag t WHERE t.conversation_id = c.id AND t.tag = 'refund') AND c.status = 'open' ORDER BY c.status DESC, c.last_message_at DESC, c.id DESC FETCH FIRST 50 ROWS ONLY",
        "SELECT COUNT(*) FROM (SELECT 1 AS one FROM conversation c WHERE 1 = 1 AND c.assignee = 'agent3' AND c.status = 'open' FETCH FIRST 10001 ROWS ONLY) x",
        "SELECT c.id FROM conversation c WHERE 1 = 1 AND c.assignee = 'agent3' AND c.status IN ('open') ORDER BY c.last_message_at DESC, c.id DESC OFFSET 0 ROWS FETCH NEXT 50 ROWS ONLY",
        "SELECT c.id, c.last_message_at, c.waiting_since FROM conversation c WHERE 1 = 1 AND CASE WHEN c.status IN ('open') THEN 1 ELSE 0 END = 1 AND c.waiting_since > TIMESTAMP '0001-01-01 00:00:00+00:00' ORDER BY c.waiting_since, c.id FETCH FIRST 50 ROWS ONLY",
        "SELECT c.id, c.last_message_at FROM conversation c WHERE 1 = 1 AND c.status = 'open' AND CASE WHEN c.waiting_since IS NULL THEN 1 ELSE 0 END = 1 ORDER BY c.status DESC, c.last_message_at DESC, c.id DESC FETCH FIRST 50 ROWS ONLY",
        "SELECT c.id" + from + " WHERE (LOWER(c.subject) LIKE '%charger%' OR EXISTS (SELECT 1 FROM message m WHERE m.conversation_id = c.id AND LOWER(m.text) LIKE '%charger%'))",
        "SELECT c.id, ct.display_name, ch.handle, c.waiting_since" + from + " WHERE c.id IN (1,2,3)",
        "SELECT m.conversation_id FROM message m WHERE m.id IN (SELECT MAX(x.id) FROM message x WHERE x.conversation_id IN (1,2,3) AND x.direction <> 'note' GROUP BY x.conversation_id)",
        "SELECT id FROM message WHERE conversation_id = 7 ORDER BY created_at, id");
    StringBuilder b = new StringBuilder();
    db.jdbi().useHandle(h -> {
      for (String q : queries) {
        b.append("-- ").append(q).append('\n');
        h.createQuery((hsqldb ? "EXPLAIN PLAN FOR " : "EXPLAIN (ANALYZE, BUFFERS) ") + q).mapTo(String.class).forEach(l -> b.append(l).append('\n'));
        b.append('\n');
      }
    });
    Files.writeString(file, b.toString());
    System.out.println("  query plans in " + file);
  }

  static void seed(Database db, boolean hsqldb, int total, int conversations) throws Exception {
    Random rnd = new Random(42);
    Instant end = Instant.parse("2026-11-23T00:00:00Z");
    long span = Duration.ofDays(365).toSeconds();
    int contacts = conversations * 3 / 4;
    db.jdbi().useHandle(h -> {
      Connection c = h.getConnection();
      if (hsqldb) {
        try (Statement s = c.createStatement()) {
          s.execute("SET FILES LOG FALSE");
        }
      }
      c.setAutoCommit(false);
      Timestamp created = Timestamp.from(end.minusSeconds(span));
      String[] names = new String[contacts + 1];
      try (PreparedStatement ct = c.prepareStatement("INSERT INTO contact (id, display_name, language, created_at) VALUES (?, ?, ?, ?)");
          PreparedStatement ch = c.prepareStatement("INSERT INTO contact_handle (channel, handle, contact_id) VALUES (?, ?, ?)")) {
        for (int i = 1; i <= contacts; i++) {
          String name = FIRST[rnd.nextInt(FIRST.length)] + " " + LAST[rnd.nextInt(LAST.length)];
          ct.setLong(1, i);
          ct.setString(2, name);
          ct.setString(3, LANGS[rnd.nextInt(LANGS.length)]);
          ct.setTimestamp(4, created);
          ct.addBatch();
          names[i] = name;
          for (String channel : List.of("email", "x", "facebook", "instagram")) {
            ch.setString(1, channel);
            ch.setString(2, handle(channel, name, i));
            ch.setLong(3, i);
            ch.addBatch();
          }
          if (i % 5000 == 0) {
            ct.executeBatch();
            ch.executeBatch();
            c.commit();
          }
        }
        if (contacts % 5000 != 0) {
          ct.executeBatch();
          ch.executeBatch();
          c.commit();
        }
      }
      PreparedStatement conv = c.prepareStatement(
          "INSERT INTO conversation (id, channel, account, contact_id, subject, status, is_public, thread_key, assignee, language,"
              + " sentiment, sentiment_score, urgency, message_count, created_at, updated_at, last_message_at, waiting_since)"
              + " VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
      PreparedStatement msg = c.prepareStatement(
          "INSERT INTO message (conversation_id, direction, channel_message_id, author, text, display_text, sent_at, created_at,"
              + " language, sentiment, sentiment_score, urgency, urgency_reasons) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
      PreparedStatement tag = c.prepareStatement("INSERT INTO conversation_tag (conversation_id, tag, status) VALUES (?, ?, ?)");
      int written = 0;
      for (long id = 1; id <= conversations; id++) {
        int left = total - written;
        long convLeft = conversations - id + 1;
        int size = id == conversations ? left : (int) Math.max(1, Math.min(left - (convLeft - 1), 1 + rnd.nextInt(9)));
        String channel = CHANNELS[rnd.nextInt(CHANNELS.length)];
        String lang = LANGS[rnd.nextInt(LANGS.length)];
        String status = STATUSES[rnd.nextInt(STATUSES.length)];
        String urgency = URGENCY[rnd.nextInt(URGENCY.length)];
        String sentiment = SENTIMENT[rnd.nextInt(SENTIMENT.length)];
        long contact = 1 + rnd.nextInt(contacts);
        Instant t = end.minusSeconds((long) (rnd.nextDouble() * span));
        String subject = sentence(rnd, 3 + rnd.nextInt(5));
        conv.setLong(1, id);
        conv.setString(2, channel);
        conv.setString(3, channel + "-main");
        conv.setLong(4, contact);
        conv.setString(5, subject);
        conv.setString(6, status);
        conv.setBoolean(7, !channel.equals("email") && rnd.nextInt(3) == 0);
        conv.setString(8, rnd.nextInt(10) < 3 ? null : "agent" + rnd.nextInt(20));
        conv.setString(9, lang);
        conv.setString(10, sentiment);
        conv.setDouble(11, rnd.nextDouble());
        conv.setString(12, urgency);
        conv.setInt(13, size);
        conv.setTimestamp(14, Timestamp.from(t));
        conv.setTimestamp(15, Timestamp.from(t));
        Instant last = t;
        for (int i = 0; i < size; i++) {
          boolean in = i % 2 == 0;
          String text = sentence(rnd, 15 + rnd.nextInt(60));
          if (rnd.nextInt(400) == 0) {
            text = text + " the charger smoked";
          }
          last = t.plusSeconds(i * (60L + rnd.nextInt(7200)));
          msg.setLong(1, id);
          msg.setString(2, in ? "in" : "out");
          msg.setString(3, "<m" + id + "." + i + "@bench.test>");
          msg.setString(4, in ? "customer" + contact : "agent");
          msg.setString(5, text);
          msg.setString(6, text);
          msg.setTimestamp(7, Timestamp.from(last));
          msg.setTimestamp(8, Timestamp.from(last));
          msg.setString(9, in ? lang : null);
          msg.setString(10, in ? sentiment : null);
          if (in) {
            msg.setDouble(11, rnd.nextDouble());
          } else {
            msg.setNull(11, java.sql.Types.DOUBLE);
          }
          msg.setString(12, in ? urgency : null);
          msg.setString(13, in && !urgency.equals("normal") ? "words: late; waiting 3 days" : null);
          msg.addBatch();
          written++;
        }
        conv.setTimestamp(16, Timestamp.from(last));
        // messages alternate customer, agent, ...: an odd count ends with the customer, who waits
        // since that last message (what the ingest path stores in waiting_since)
        conv.setTimestamp(17, size % 2 == 1 ? Timestamp.from(last) : null);
        conv.addBatch();
        if (rnd.nextInt(3) == 0 || id % 2000 == 0) { // never an empty batch: HSQLDB refuses those
          tag.setLong(1, id);
          tag.setString(2, TAGS[rnd.nextInt(TAGS.length)]);
          tag.setString(3, status); // a tag row carries its conversation's status (ADR 0057)
          tag.addBatch();
        }
        if (id % 2000 == 0) {
          conv.executeBatch();
          msg.executeBatch();
          tag.executeBatch();
          c.commit();
        }
      }
      if (conversations % 2000 != 0) {
        conv.executeBatch();
        msg.executeBatch();
        tag.executeBatch();
        c.commit();
      }
      conv.close();
      msg.close();
      tag.close();
      try (Statement s = c.createStatement()) {
        // identity columns continue after the seeded ids
        s.execute("ALTER TABLE contact ALTER COLUMN id RESTART WITH " + (contacts + 1));
        s.execute("ALTER TABLE conversation ALTER COLUMN id RESTART WITH " + (conversations + 1));
        if (hsqldb) {
          s.execute("SET FILES LOG TRUE");
          s.execute("CHECKPOINT");
        }
      }
      c.commit();
      c.setAutoCommit(true);
      if (!hsqldb) {
        try (Statement s = c.createStatement()) {
          s.execute("VACUUM ANALYZE");
        }
      }
    });
  }

  private static String handle(String channel, String name, long contact) {
    return channel.equals("email") ? name.toLowerCase().replace(' ', '.') + contact + "@customer.test" : channel + "-" + contact;
  }

  private static String sentence(Random rnd, int words) {
    StringBuilder b = new StringBuilder(words * 8);
    for (int i = 0; i < words; i++) {
      if (i > 0) {
        b.append(' ');
      }
      b.append(WORDS[rnd.nextInt(WORDS.length)]);
      if (rnd.nextInt(12) == 0) {
        b.append(' ').append(100000 + rnd.nextInt(900000));
      }
    }
    return b.toString();
  }
}
