package io.switchboard.voice;

import static io.switchboard.voice.Shipped.LINTER;
import static io.switchboard.voice.Shipped.email;
import static io.switchboard.voice.Shipped.tweet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class VoiceLinterTest {

  @Test
  void violationOffsetsShouldIndexIntoTheFixedText() {
    VoiceResult r = LINTER.check(email("hello!!\n\nUnfortunately our employee lost it.\n\nTom"));

    assertThat(r.text())
        .isEqualTo(
            "Hi Anna,\n\nUnfortunately our team member lost it.\n\n"
                + "Best regards,\nTom\nNorthwind Travel Gear");
    assertThat(r.violations())
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.rule()).isEqualTo("banned-phrase");
              assertThat(r.text().substring(v.start(), v.end())).isEqualTo("Unfortunately");
            });
  }

  @Test
  void scoreShouldDropTenPerWarningAndFortyPerBlock() {
    VoiceResult clean = LINTER.check(email("Your bag ships today."));
    VoiceResult twoWarnings = LINTER.check(email("Unfortunately it ships today! Sorry!"));
    VoiceResult blocked = LINTER.check(tweet("Unfortunately NW-104233 is late."));

    assertThat(clean.score()).isEqualTo(100);
    assertThat(clean.blocked()).isFalse();
    assertThat(twoWarnings.violations())
        .extracting(Violation::rule)
        .containsExactly("banned-phrase", "exclamation");
    assertThat(twoWarnings.score()).isEqualTo(80);
    assertThat(twoWarnings.blocked()).isFalse();
    assertThat(blocked.violations())
        .extracting(Violation::severity)
        .containsExactly(Severity.WARN, Severity.BLOCK);
    assertThat(blocked.score()).isEqualTo(50);
    assertThat(blocked.blocked()).isTrue();
  }

  @Test
  void scoreShouldNotGoBelowZero() {
    VoiceResult r =
        LINTER.check(
            tweet(
                "Call +49 30 1234567, mail anna@example.com, order NW-104233, "
                    + "refund and voucher at Hauptstraße 5"));

    assertThat(r.score()).isZero();
    assertThat(r.blocked()).isTrue();
  }

  @Test
  void violationsShouldBeOrderedByPosition() {
    VoiceResult r =
        LINTER.check(
            tweet("Unfortunately we can refund NW-104233!! Calm down!")
                .withSentiment(Sentiment.NEGATIVE));

    assertThat(r.violations()).extracting(Violation::start).isSorted();
    assertThat(r.violations())
        .extracting(Violation::rule)
        .containsExactly(
            "empathy",
            "banned-phrase",
            "public-compensation",
            "public-personal-data",
            "banned-phrase",
            "exclamation");
  }

  @Test
  void germanPublicReplyShouldCombineEveryFinding() {
    Draft d =
        Draft.of(
                "x",
                "@jweber Hallo Jürgen, leider kann ich dir erst morgen einen Gutschein "
                    + "schicken!!! ^Tom")
            .withPublic(true)
            .withLanguage("de")
            .withCustomer("Jürgen", "jweber")
            .withAgent("Tom")
            .withSentiment(Sentiment.NEGATIVE);

    VoiceResult r = LINTER.check(d);

    assertThat(r.text())
        .isEqualTo(
            "Hallo Jürgen,\nleider kann ich dir erst morgen einen Gutschein schicken!\n^Tom");
    assertThat(r.language()).isEqualTo("de");
    assertThat(r.violations())
        .extracting(Violation::rule)
        .containsExactly("empathy", "banned-phrase", "formality", "public-compensation");
    assertThat(r.blocked()).isTrue();
    assertThat(r.violations())
        .filteredOn(v -> v.rule().equals("public-compensation"))
        .singleElement()
        .satisfies(v -> assertThat(v.suggestion()).contains("Direktnachricht"));
  }

  @Test
  void unknownChannelShouldBeRefused() {
    assertThatThrownBy(() -> LINTER.check(Draft.of("sms", "Hi")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown channel 'sms'");
  }

  @Test
  void linterWithOnlySomeRulesShouldRunOnlyThose() {
    VoiceLinter onlyLength =
        new VoiceLinter(Shipped.GUIDE, List.of(new LengthRule(Severity.BLOCK)));

    VoiceResult r = onlyLength.check(tweet("Unfortunately NW-104233 is late."));

    assertThat(r.violations()).isEmpty();
    assertThat(r.text()).startsWith("Hi Anna,");
  }

  @Test
  void concurrentChecksShouldGiveTheSameResultsAsOneAtATime() throws Exception {
    List<Draft> drafts =
        List.of(
            email("Unfortunately our employee lost it!!"),
            tweet("Your order NW-104233 ships today ^Tom"),
            email("Kannst du uns deine Adresse schicken?").withLanguage("de"),
            email("Malheureusement, votre colis est en retard.")
                .withLanguage("fr")
                .withSentiment(Sentiment.NEGATIVE),
            email("Lamentablemente no hay stock.").withLanguage("es"));
    List<VoiceResult> expected = drafts.stream().map(LINTER::check).toList();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Boolean>> runs = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        runs.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 200; i++) {
                    int k = i % drafts.size();
                    if (!LINTER.check(drafts.get(k)).equals(expected.get(k))) {
                      return false;
                    }
                  }
                  return true;
                }));
      }
      for (Future<Boolean> run : runs) {
        assertThat(run.get()).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
