package io.switchboard.digest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.Daemon;
import io.switchboard.store.Database;
import io.switchboard.support.HsqldbTemplate;
import io.switchboard.support.TestDaemon;
import io.switchboard.support.TestMail;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scheduled digest end to end: a known week in the database, the real daemon with the digest
 * route on a cron that fires once, and GreenMail receiving what it sends.
 */
class DigestEmailTest {
  static final String MARKETING = "marketing@shop.test";

  @TempDir static Path dir;
  static TestMail mail;
  static Daemon daemon;
  static Period week;
  static DigestFixture seeded;
  static MimeMessage received;

  @BeforeAll
  static void sendOnce() throws Exception {
    mail = new TestMail();
    Path data = dir.resolve("data");
    week = DigestFixture.week(Clock.systemUTC());
    try (Database db = HsqldbTemplate.open(data)) {
      seeded = new DigestFixture(db.jdbi()).seed(week).seedFiller(week);
    }
    Path config = TestDaemon.config(dir, mail.imapPort(), mail.smtpPort());
    // fires every second from the start: the first firing claims the period and sends, every later
    // one finds the period taken (the claim that keeps a second instance from sending it, ADR 0038),
    // so exactly one email still goes out, without waiting out a single firing set far enough
    // ahead for a slow start on a busy machine
    String cron = "* * * * * ?";
    Files.writeString(
        config.resolve(DigestSettings.FILE),
        String.join(
            "\n",
            "digest.recipients = " + MARKETING,
            "digest.cron = " + cron,
            "digest.timezone = UTC",
            "digest.period = 7d",
            "digest.subject = Customer sentiment digest",
            "digest.from = digest@shop.test",
            "digest.inbox.url = http://inbox.test",
            ""));
    daemon = TestDaemon.start(config, data);
    await().atMost(Duration.ofSeconds(90)).until(() -> mail.server.getReceivedMessagesForDomain("shop.test").length > 0);
    received = mail.server.getReceivedMessagesForDomain("shop.test")[0];
  }

  @AfterAll
  static void stop() {
    if (daemon != null) {
      daemon.stop();
    }
    mail.close();
  }

  @Test
  void routeShouldSendExactlyOneEmailToTheList() throws Exception {
    // the one run has finished, retries included, and the firings since found the period taken
    await().atMost(Duration.ofSeconds(30)).until(() -> daemon.inflight("digest") == 0);
    assertThat(mail.server.getReceivedMessages()).hasSize(1);
    assertThat(received.getAllRecipients()).extracting(Object::toString).containsExactly(MARKETING);
    assertThat(received.getFrom()[0].toString()).isEqualTo("digest@shop.test");
    assertThat(received.getSubject()).startsWith("Customer sentiment digest: ");
  }

  @Test
  void emailShouldBeTextAndHtmlWithChartsAsInlinePngImages() throws Exception {
    assertThat(received.getContentType()).startsWith("multipart/alternative");
    Multipart alternative = (Multipart) received.getContent();
    assertThat(alternative.getBodyPart(0).isMimeType("text/plain")).isTrue();
    assertThat(alternative.getBodyPart(1).isMimeType("multipart/related")).isTrue();
    Multipart related = (Multipart) alternative.getBodyPart(1).getContent();
    String html = (String) related.getBodyPart(0).getContent();
    assertThat(related.getBodyPart(0).isMimeType("text/html")).isTrue();

    List<String> cids = new ArrayList<>();
    for (int i = 1; i < related.getCount(); i++) {
      BodyPart part = related.getBodyPart(i);
      assertThat(part.isMimeType("image/png")).isTrue();
      assertThat(part.getDisposition()).isEqualTo(Part.INLINE);
      String cid = ((jakarta.mail.internet.MimeBodyPart) part).getContentID().replaceAll("[<>]", "");
      cids.add(cid);
      assertThat(html).contains("src=\"cid:" + cid + "\"");
      try (InputStream in = part.getInputStream()) {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(in.readAllBytes()));
        assertThat(image).as(cid).isNotNull();
        assertThat(image.getWidth()).isEqualTo(640);
      }
    }
    assertThat(cids).hasSize(DigestCharts.NAMES.size());
  }

  @Test
  void numbersShouldMatchTheDatabase() throws Exception {
    Jdbi jdbi = daemon.services().jdbi();
    long total = count(jdbi, "");
    long email = count(jdbi, " AND c.channel = 'email'");
    long x = count(jdbi, " AND c.channel = 'x'");
    long negative = count(jdbi, " AND m.sentiment = 'negative'");
    assertThat(total).isEqualTo(17);

    String text = text();
    assertThat(text).contains("Customer messages: " + total + " ");
    assertThat(text).contains("- email: " + email + " messages");
    assertThat(text).contains("- x: " + x + " messages");
    // the tags' own share, and the share corrected for the tagger's known errors with its interval
    assertThat(text).contains("tagged " + Math.round(100.0 * negative / total) + " %");
    io.switchboard.nlp.ShareEstimator estimator = io.switchboard.nlp.ShareEstimator.packaged();
    io.switchboard.nlp.ShareEstimator.Shares shares = estimator.estimate(DigestFixture.answers(jdbi, week, estimator));
    io.switchboard.nlp.ShareEstimator.Share corrected = shares.get("negative");
    assertThat(text).contains("Negative: " + pct(corrected.estimate()) + " % (90 % interval "
        + pct(corrected.low()) + "–" + pct(corrected.high()) + " %)");
    assertThat(text).contains("Neutral: ", "Positive: ", "corrected for the tagger's known errors");
    assertThat(text).contains("2 urgent, 1 answered (median first reply 2 h 0 min");
    Multipart related = (Multipart) ((Multipart) received.getContent()).getBodyPart(1).getContent();
    assertThat((String) related.getBodyPart(0).getContent()).contains("id=\"total-messages\">" + total + "<");
  }

  /** A share as the digest shows it: rounded to 4 places, then to whole percent. */
  private static long pct(double share) {
    return Math.round(Math.round(share * 10_000) / 10_000.0 * 100);
  }

  @Test
  void themesShouldGroupTheLostLuggageVariantsWithQuotesLinkedToConversations() throws Exception {
    String text = text();
    assertThat(text).contains("1. lost luggage: 4 messages (+300 % vs 1)");
    assertThat(text).contains("http://inbox.test/#c" + seeded.lostLuggageX);
    assertThat(text).contains("\"Lost luggage again @brand, worst airline ever\"");
    assertThat(text).contains("2. delivery late: 2 messages");
    assertThat(text).contains("Your agent Maria was fantastic");
  }

  @Test
  void themesShouldBeComplaintsWithEachQuoteOnce() throws Exception {
    String themes = text().substring(text().indexOf("TOP COMPLAINT THEMES"), text().indexOf("VOLUME AND SENTIMENT"));
    List<String> labels =
        themes.lines().filter(l -> l.matches("\\d+\\. .*")).map(l -> l.substring(l.indexOf(' ') + 1, l.indexOf(':'))).toList();
    // the filler messages share order numbers, @brand, "order", "nothing", "please help": no theme
    assertThat(labels).containsExactly("lost luggage", "delivery late");
    List<String> quotes = themes.lines().filter(l -> l.startsWith("   - ")).toList();
    assertThat(quotes).hasSize(5).doesNotHaveDuplicates();
    assertThat(themes).doesNotContain("NW-1046");
  }

  private static String text() throws Exception {
    return (String) ((Multipart) received.getContent()).getBodyPart(0).getContent();
  }

  private static long count(Jdbi jdbi, String where) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT COUNT(*) FROM message m JOIN conversation c ON c.id = m.conversation_id"
                        + " WHERE m.direction = 'in' AND m.sent_at >= :f AND m.sent_at < :t" + where)
                .bind("f", java.sql.Timestamp.from(week.from()))
                .bind("t", java.sql.Timestamp.from(week.to()))
                .mapTo(Long.class)
                .one());
  }
}
