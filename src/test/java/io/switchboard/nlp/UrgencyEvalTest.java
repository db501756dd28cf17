package io.switchboard.nlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class UrgencyEvalTest {
  private static final Path SHARED = Path.of("../shared/data");
  private static NlpTagger tagger;

  @BeforeAll
  static void load() {
    tagger = NlpTagger.load();
  }

  @Test
  void devRowsShouldBeReadByTheirHeaderAndPublicChannelsMarked() throws Exception {
    String tsv = "id\tlang\tchannel\tkind\tsentiment\turgency\ttext\n"
        + "de-0001\tde\tx\tpraise\tpositive\tlow\tTolle Jacke!\n"
        + "de-0002\tde\temail\tcomplaint-event\tnegative\thigh\tKonto gesperrt.\n"
        + "de-0003\tde\temail\tinformation\tneutral\tmaybe\tunlabelled row is skipped\n";
    List<UrgencyEval.Example> rows =
        UrgencyEval.devRows(new BufferedReader(new StringReader(tsv)));
    assertThat(rows).extracting(UrgencyEval.Example::truth).containsExactly(0, 2);
    assertThat(rows).extracting(UrgencyEval.Example::publicPost).containsExactly(true, false);
  }

  @Test
  void scoreShouldGiveMacroF1AndTheMajorityBaselinePerLanguage() {
    List<UrgencyEval.Example> examples = List.of(
        new UrgencyEval.Example("en", "Do you ship to Canada?", false, 0),
        new UrgencyEval.Example("en", "My account was hacked, I cannot log in.", false, 2),
        new UrgencyEval.Example("en", "Order 4411 if that helps.", false, 1),
        new UrgencyEval.Example("de", "Die App funktioniert nicht mehr.", false, 2));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    List<UrgencyEval.Score> scores = UrgencyEval.score(
        "test", examples, tagger, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    assertThat(scores).extracting(UrgencyEval.Score::language).containsExactly("en", "de", "all");
    UrgencyEval.Score en = scores.get(0);
    assertThat(en.size()).isEqualTo(3);
    assertThat(en.macroF1()).isEqualTo(1.0);
    assertThat(en.majorityAccuracy()).isCloseTo(1 / 3.0, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("test", " en ", " all ");
  }

  /** The development set ships with the project; it must beat always answering its commonest class. */
  @Test
  void developmentSetShouldBeatTheMajorityBaselineInEveryLanguage() throws Exception {
    List<UrgencyEval.Example> dev = UrgencyEval.devSet();
    assumeTrue(!dev.isEmpty(), "no development set yet");
    List<UrgencyEval.Score> scores = UrgencyEval.score(
        "cs-dev", dev, tagger, new PrintStream(new ByteArrayOutputStream(), true,
            StandardCharsets.UTF_8));
    assertThat(scores).allSatisfy(s ->
        assertThat(s.macroF1()).as(s.language()).isGreaterThan(s.majorityMacroF1() + 0.2));
  }

  /** The ticket-style part of the development set: every inbox language, every level (ADR 0049). */
  @Test
  void ticketStyleDevelopmentSetShouldCoverEveryLanguageAndLevel() throws Exception {
    List<UrgencyEval.Example> rows = UrgencyEval.devSet(UrgencyEval.TICKET_RESOURCE);
    assertThat(rows).extracting(UrgencyEval.Example::language).containsAll(UrgencyEval.DEV_LANGUAGES);
    for (String lang : UrgencyEval.DEV_LANGUAGES) {
      assertThat(rows.stream().filter(r -> r.language().equals(lang)).map(UrgencyEval.Example::truth))
          .as(lang).contains(0, 1, 2);
    }
    List<UrgencyEval.Score> scores = UrgencyEval.score("cs-dev tickets", rows, tagger,
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    UrgencyEval.Score all = scores.get(scores.size() - 1);
    assertThat(all.language()).isEqualTo("all");
    assertThat(all.macroF1()).isGreaterThan(all.majorityMacroF1() + 0.2);
  }

  @Test
  void ticketsShouldBeReadWhenTheSharedDataIsThere() throws Exception {
    Path csv = SHARED.resolve("urgency").resolve("tickets-de.csv");
    assumeTrue(Files.isRegularFile(csv), "no ../shared/data");
    List<UrgencyEval.Example> tickets = UrgencyEval.tickets(csv);
    assertThat(tickets).hasSizeGreaterThan(2000);
    assertThat(tickets).allSatisfy(t -> assertThat(t.language()).isEqualTo("de"));
  }

  /** Errors are read in one half of a ticket file only; the other half stays held out. */
  @Test
  void ticketHalvesShouldSplitByTextAlone() {
    List<UrgencyEval.Example> tickets = new java.util.ArrayList<>();
    for (int i = 0; i < 400; i++) {
      tickets.add(new UrgencyEval.Example("en", "Subject\nBody of ticket " + i, false, i % 3));
    }
    long first = tickets.stream().filter(t -> UrgencyEval.half(t) == 0).count();
    assertThat(first).isBetween(150L, 250L);
    assertThat(tickets).allSatisfy(t -> assertThat(UrgencyEval.half(
        new UrgencyEval.Example("de", t.text(), true, 0))).isEqualTo(UrgencyEval.half(t)));
  }

  @Test
  void evalShouldScoreBothHalvesOfEveryTicketFile() throws Exception {
    assumeTrue(Files.isDirectory(SHARED.resolve("urgency")), "no ../shared/data");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    List<UrgencyEval.Score> scores = UrgencyEval.eval(
        tagger, SHARED, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    List<UrgencyEval.Score> german = scores.stream()
        .filter(s -> s.set().startsWith("tickets tickets-de.csv")).toList();
    assertThat(german).extracting(UrgencyEval.Score::set).containsExactly(
        "tickets tickets-de.csv", "tickets tickets-de.csv (half read)",
        "tickets tickets-de.csv (half held out)");
    assertThat(german.get(1).size() + german.get(2).size()).isEqualTo(german.get(0).size());
    assertThat(german).allSatisfy(s -> assertThat(s.macroF1()).isGreaterThan(s.majorityMacroF1()));
  }
}
