import io.switchboard.digest.Digest;
import io.switchboard.digest.DigestCharts;
import io.switchboard.digest.DigestQueries;
import io.switchboard.digest.DigestRenderer;
import io.switchboard.digest.DigestService;
import io.switchboard.digest.Period;
import io.switchboard.digest.ThemeFinder;
import io.switchboard.store.Database;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Random;

/**
 * Seeds an HSQLDB file database with 1,000,000 messages (once; later runs reuse it) and times a
 * weekly digest on it: the queries and themes (DigestService), then charts and templates.
 * Run with bench/digest/run.sh; arguments: [data folder] [messages] [days they spread over].
 */
public class DigestBenchmark {
  static final String[] CHANNELS = {"email", "email", "email", "x", "x", "facebook", "instagram"};
  static final String[] LANGS = {"en", "en", "en", "de", "fr", "es", "it", "pt"};
  static final String[] NEGATIVE = {
    "I lost my luggage on flight %d and nobody answers",
    "My bag was lost at the airport, booking %d",
    "Luggage lost again, worst service ever (%d)",
    "The delivery of order %d is late again",
    "Die Lieferung %d ist verspätet",
    "I was charged twice for order %d",
    "Still waiting for my refund %d",
    "Your app crashes when I pay, ticket %d",
    "J'ai perdu ma valise, vol %d",
    "The seat %d was broken and the crew rude"};
  static final String[] NEUTRAL = {"Can I change my seat on booking %d?", "What is the status of order %d?", "Quel est le statut de %d ?"};
  static final String[] POSITIVE = {"Thank you, Maria was fantastic with booking %d!", "Great flight %d, lovely crew", "Danke, alles super %d"};

  public static void main(String[] args) throws Exception {
    Path data = Path.of(args.length > 0 ? args[0] : "target/bench-digest");
    int total = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
    int days = args.length > 2 ? Integer.parseInt(args[2]) : 180;
    Instant end = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.DAYS);
    try (Database db = Database.embedded(data)) {
      long have = db.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM message").mapTo(Long.class).one());
      if (have < total) {
        long t0 = System.nanoTime();
        seed(db, total, days, end);
        System.out.printf("seeded %,d messages over %d days in %.1f s%n", total, days, (System.nanoTime() - t0) / 1e9);
      } else {
        System.out.printf("reusing %,d messages in %s%n", have, data);
      }
      DigestService service =
          new DigestService(new DigestQueries(db.jdbi()), ThemeFinder.packaged(), DigestService.Options.DEFAULTS, Clock.systemUTC());
      DigestRenderer renderer = new DigestRenderer(new DigestCharts(), ZoneOffset.UTC, "Customer sentiment digest", "http://127.0.0.1:8080");
      long maxEnd = db.jdbi().withHandle(h -> h.createQuery("SELECT MAX(sent_at) FROM message").mapTo(Timestamp.class).one()).getTime();
      Period week = Period.endingToday(Instant.ofEpochMilli(maxEnd).plus(Duration.ofDays(1)), ZoneOffset.UTC, Duration.ofDays(7));
      for (int run = 1; run <= 3; run++) {
        long t0 = System.nanoTime();
        Digest d = service.digest(week);
        long t1 = System.nanoTime();
        DigestRenderer.Rendered r = renderer.render(d);
        long t2 = System.nanoTime();
        System.out.printf(
            "run %d: weekly digest %s..%s over %,d customer messages (%,d the week before): queries+themes %d ms, charts+templates %d ms, total %d ms; top theme '%s' (%d)%n",
            run, week.from(), week.to(), d.total().messages(), d.total().previousMessages(),
            (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (t2 - t0) / 1_000_000,
            d.themes().isEmpty() ? "-" : d.themes().get(0).label(), d.themes().isEmpty() ? 0 : d.themes().get(0).count());
        if (r.images().isEmpty()) {
          throw new IllegalStateException("no charts");
        }
      }
    }
  }

  static void seed(Database db, int total, int days, Instant end) throws Exception {
    Random rnd = new Random(42);
    Instant start = end.minus(Duration.ofDays(days));
    long span = Duration.ofDays(days).toSeconds();
    db.jdbi().useHandle(h -> {
      Connection c = h.getConnection();
      try (Statement s = c.createStatement()) {
        s.execute("SET FILES LOG FALSE");
      }
      c.setAutoCommit(false);
      long contact;
      try (PreparedStatement p = c.prepareStatement("INSERT INTO contact (display_name, created_at) VALUES ('Bench', ?)", Statement.RETURN_GENERATED_KEYS)) {
        p.setTimestamp(1, Timestamp.from(start));
        p.executeUpdate();
        var keys = p.getGeneratedKeys();
        keys.next();
        contact = keys.getLong(1);
      }
      PreparedStatement conv = c.prepareStatement(
          "INSERT INTO conversation (id, channel, account, contact_id, subject, status, is_public, language, message_count,"
              + " created_at, updated_at, last_message_at) VALUES (?, ?, 'bench', ?, 'Bench', 'open', ?, ?, ?, ?, ?, ?)");
      PreparedStatement msg = c.prepareStatement(
          "INSERT INTO message (conversation_id, direction, author, text, display_text, sent_at, created_at, language,"
              + " sentiment, sentiment_score, urgency) VALUES (?, ?, 'bench', ?, ?, ?, ?, ?, ?, ?, ?)");
      int written = 0;
      long convId = 1_000_000;
      while (written < total) {
        convId++;
        int size = 1 + rnd.nextInt(8); // messages in this conversation: customer and us in turn
        size = Math.min(size, total - written);
        String channel = CHANNELS[rnd.nextInt(CHANNELS.length)];
        String lang = LANGS[rnd.nextInt(LANGS.length)];
        boolean pub = !channel.equals("email") && rnd.nextBoolean();
        Instant t = start.plusSeconds((long) (rnd.nextDouble() * span));
        conv.setLong(1, convId);
        conv.setString(2, channel);
        conv.setLong(3, contact);
        conv.setBoolean(4, pub);
        conv.setString(5, lang);
        conv.setInt(6, size);
        conv.setTimestamp(7, Timestamp.from(t));
        conv.setTimestamp(8, Timestamp.from(t));
        conv.setTimestamp(9, Timestamp.from(t));
        conv.addBatch();
        for (int i = 0; i < size; i++) {
          boolean in = i % 2 == 0;
          double roll = rnd.nextDouble();
          String sentiment = !in ? null : roll < 0.3 ? "negative" : roll < 0.8 ? "neutral" : "positive";
          String[] pool = sentiment == null ? NEUTRAL : sentiment.equals("negative") ? NEGATIVE : sentiment.equals("positive") ? POSITIVE : NEUTRAL;
          String text = in ? String.format(pool[rnd.nextInt(pool.length)], rnd.nextInt(100_000)) : "Thanks for writing, we are on it.";
          msg.setLong(1, convId);
          msg.setString(2, in ? "in" : "out");
          msg.setString(3, text);
          msg.setString(4, text);
          msg.setTimestamp(5, Timestamp.from(t));
          msg.setTimestamp(6, Timestamp.from(t));
          msg.setString(7, lang);
          msg.setString(8, sentiment);
          if (in) {
            msg.setDouble(9, 0.5 + rnd.nextDouble() / 2);
          } else {
            msg.setNull(9, java.sql.Types.DOUBLE);
          }
          msg.setString(10, in ? (rnd.nextDouble() < 0.05 ? "urgent" : rnd.nextDouble() < 0.1 ? "high" : "normal") : null);
          msg.addBatch();
          t = t.plusSeconds(60 + rnd.nextInt(4 * 3600));
          written++;
        }
        if (convId % 2_000 == 0) {
          conv.executeBatch();
          msg.executeBatch();
          c.commit();
        }
      }
      conv.executeBatch();
      msg.executeBatch();
      c.commit();
      try (Statement s = c.createStatement()) {
        s.execute("SET FILES LOG TRUE");
        s.execute("CHECKPOINT");
      }
      c.setAutoCommit(true);
    });
  }
}
