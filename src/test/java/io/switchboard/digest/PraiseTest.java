package io.switchboard.digest;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.store.Database;
import io.switchboard.support.HsqldbTemplate;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "Praise worth sharing" lists surely positive messages that carry no complaint event and ask
 * nothing, even when the tagger calls a question or a complaint positive with high confidence (as
 * it did on the demo, issue 20). Real database.
 */
class PraiseTest {
  @TempDir Path dir;
  private Database db;

  @BeforeEach
  void open() {
    db = HsqldbTemplate.open(dir);
  }

  @AfterEach
  void close() {
    db.close();
  }

  @Test
  void questionsAndComplaintsShouldBeKeptOutOfPraiseWhateverTheirScore() {
    Period week = DigestFixture.week(Clock.systemUTC());
    Instant day = week.to().minus(Duration.ofDays(1));
    DigestFixture f = new DigestFixture(db.jdbi());
    long maria = f.in("email", false, "ivy@example.com", "Your agent Maria was fantastic, thank you so much!", "en", "positive", 0.96, "low", day, null);
    f.in("instagram", true, "wanderwithmia", "Is this the 45 or the 55? It looks huge on you!", "en", "positive", 0.97, "low", day.plusSeconds(60), null);
    f.in("email", false, "aiden@example.com", "Will the Transit 40L fit as cabin luggage? Thanks, Aiden", "en", "positive", 0.95, "low", day.plusSeconds(120), null);
    f.in("email", false, "chloe@example.com", "Hi! I ordered a leather wash bag as a birthday present for my dad last Saturday (order NW-104761)."
        + " His birthday is on the 28th - do you think it will arrive in time? I haven't had a shipping email yet."
        + " Thanks so much, Chloe",
        "en", "positive", 0.94, "low", day.plusSeconds(180), null);
    f.in("x", true, "x-zoe", "Thanks for the quick answer, but my refund still not received", "en", "positive", 0.93, "low", day.plusSeconds(240), null);
    long crew = f.in("x", true, "x-ned", "Great crew, lovely flight, thank you!", "en", "positive", 0.9, "low", day.plusSeconds(300), null);

    Digest d =
        new DigestService(new DigestQueries(db.jdbi()), ThemeFinder.packaged(), DigestService.Options.DEFAULTS, Clock.systemUTC())
            .digest(week);
    assertThat(d.praise()).extracting(Digest.Quote::conversationId).containsExactly(maria, crew);
  }
}
