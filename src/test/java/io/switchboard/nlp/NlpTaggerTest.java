package io.switchboard.nlp;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.model.InboundMessage;
import io.switchboard.model.Tags;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class NlpTaggerTest {
  private static final Instant SENT = Instant.parse("2026-03-02T10:00:00Z");
  private static LanguageDetector languages;
  private static SentimentModel sentiment;
  private static UrgencyRules urgency;

  @BeforeAll
  static void load() {
    languages = LanguageDetector.load();
    sentiment = SentimentModel.load();
    urgency = UrgencyRules.load();
  }

  private static NlpTagger tagger(ConversationFacts facts) {
    return new NlpTagger(languages, sentiment, urgency, facts);
  }

  private static InboundMessage message(
      String subject, String text, String displayText, boolean isPublic, boolean auto) {
    return new InboundMessage(
        "email", "support", "<id@x>", List.of(), null, isPublic, "anna@example.com", "Anna",
        subject, text, displayText, null, SENT, List.of(), List.of(), auto);
  }

  @Test
  void tagShouldGiveLanguageSentimentAndUrgency() {
    Tags tags =
        tagger(ConversationFacts.NONE)
            .tag(
                message(
                    "Bestellung 4711",
                    "Die App funktioniert nicht mehr und ich bin total enttäuscht.",
                    null, false, false),
                null);
    assertThat(tags.language()).isEqualTo("de");
    assertThat(tags.sentiment()).isEqualTo("negative");
    assertThat(tags.sentimentScore()).isBetween(0.34, 1.0);
    assertThat(tags.urgency()).isIn("high", "urgent");
    assertThat(tags.urgencyReasons())
        .anySatisfy(r -> assertThat(r).startsWith("reports something not working"));
  }

  @Test
  void displayTextShouldWinOverTextAndSubjectShouldCount() {
    InboundMessage m =
        message(
            "Account hacked",
            "Thanks!\n> earlier: my lawyer will call you",
            "Thanks!",
            false, false);
    assertThat(NlpTagger.textOf(m)).isEqualTo("Account hacked\nThanks!");
    Tags tags = tagger(ConversationFacts.NONE).tag(m, null);
    assertThat(tags.urgencyReasons())
        .anySatisfy(r -> assertThat(r).startsWith("mentions fraud"))
        .noneSatisfy(r -> assertThat(r).startsWith("mentions legal action"));
  }

  @Test
  void aSocialMessagesMadeUpSubjectShouldNotBeReadAsTheAuthorsWords() {
    // the Graph normalizer names a comment after the Page's post it answers: the brand's words
    String text = "Just ordered the Atlas 45, can't wait to take it to Patagonia!";
    InboundMessage comment =
        new InboundMessage(
            "facebook", "page", "c1", List.of("p1"), "p1", true, "u1", "Ines",
            "Comment on “Autumn sale: 20% off every Atlas backpack until Sunday with…”", text, text,
            null, SENT, List.of(), List.of(), false);
    assertThat(NlpTagger.textOf(comment)).isEqualTo(text);
    Tags tags = tagger(ConversationFacts.NONE).tag(comment, null);
    assertThat(tags.sentiment()).isEqualTo("positive");
    assertThat(tags.urgencyReasons()).noneSatisfy(r -> assertThat(r).contains("Sunday"));
    // an X post's subject is its own first line: read once, not twice
    InboundMessage post =
        new InboundMessage(
            "x", "brand", "1", List.of(), "1", true, "9", "Kim", "the zip broke on day two",
            "the zip broke on day two", null, null, SENT, List.of(), List.of(), false);
    assertThat(NlpTagger.textOf(post)).isEqualTo("the zip broke on day two");
  }

  @Test
  void factsProviderShouldBeAskedWithTheConversationAndUsed() {
    AtomicReference<Long> asked = new AtomicReference<>();
    ConversationFacts facts =
        (m, conversationId) -> {
          asked.set(conversationId);
          return new ConversationFacts.Facts(
              2, SENT.minus(Duration.ofHours(2)), Set.of("vip"), "fr");
        };
    Tags tags = tagger(facts).tag(message(null, "??", null, false, false), 42L);
    assertThat(asked.get()).isEqualTo(42L);
    assertThat(tags.language()).isEqualTo("fr");
    assertThat(tags.urgencyReasons())
        .contains("3rd message in 2 hours without an answer", "VIP contact");
    assertThat(tags.urgency()).isEqualTo("high");
  }

  @Test
  void modelsLoadedWithoutFactsShouldUseTheFactsGivenLater() {
    // the daemon loads the models while the database opens, and adds the facts once it is open
    ConversationFacts facts =
        (m, conversationId) -> new ConversationFacts.Facts(2, SENT.minus(Duration.ofHours(2)), Set.of("vip"), "fr");
    NlpTagger later = tagger(ConversationFacts.NONE).withFacts(facts);
    Tags tags = later.tag(message(null, "??", null, false, false), 42L);
    assertThat(tags.language()).isEqualTo("fr");
    assertThat(tags.urgencyReasons()).contains("VIP contact");
    assertThat(tags).isEqualTo(tagger(facts).tag(message(null, "??", null, false, false), 42L));
  }

  @Test
  void shortTextWithoutKnownLanguageShouldBeUnd() {
    Tags tags = tagger(ConversationFacts.NONE).tag(message(null, "ok 👍", null, false, false), null);
    assertThat(tags.language()).isEqualTo("und");
  }

  @Test
  void negativePublicPostShouldBeRaised() {
    Tags tags =
        tagger(ConversationFacts.NONE)
            .tag(message(null, "Worst customer service ever, still waiting!!", null, true, false),
                null);
    assertThat(tags.sentiment()).isEqualTo("negative");
    assertThat(tags.urgencyReasons()).contains("public post");
  }

  @Test
  void automaticMessageShouldBeLow() {
    Tags tags =
        tagger(ConversationFacts.NONE)
            .tag(message("Out of office", "I am out of office until tomorrow.", null, false, true),
                null);
    assertThat(tags.urgency()).isEqualTo("low");
    assertThat(tags.urgencyReasons()).containsExactly("automatic message");
  }

  @Test
  void emptyMessageShouldStillBeTagged() {
    Tags tags = tagger(null).tag(message(null, null, null, false, false), null);
    assertThat(tags.language()).isEqualTo("und");
    assertThat(tags.sentiment()).isIn("negative", "neutral", "positive");
    assertThat(tags.urgency()).isIn("low", "normal");
  }

  @Test
  void aTextReadAheadGivesTheTagsOfReadingItThen() {
    ConversationFacts facts = (m, conversation) -> conversation == null ? ConversationFacts.Facts.NONE
        : new ConversationFacts.Facts(2, SENT.minus(Duration.ofHours(30)), Set.of("vip"), null, "negative", 0.8);
    NlpTagger tagger = tagger(facts);
    InboundMessage followUp = message("Re: Zipper broken", "Still nothing? I want my money back.", null, false, false);

    Tags plain = tagger.tag(followUp, 42L);
    assertThat(tagger.tag(followUp, 42L, tagger.readAhead(followUp, true))).isEqualTo(plain);
    // read as a new conversation's (subject and body), then threaded after all: read again
    assertThat(tagger.tag(followUp, 42L, tagger.readAhead(followUp, false))).isEqualTo(plain);
    assertThat(tagger.tag(followUp, null, tagger.readAhead(followUp, true))).isEqualTo(tagger.tag(followUp, null));
  }

  @Test
  void aTextReadAheadIsReadAgainWhenTheContactsLanguageChangedMeanwhile() {
    AtomicReference<String> language = new AtomicReference<>();
    NlpTagger tagger = tagger((m, conversation) -> new ConversationFacts.Facts(0, null, Set.of(), language.get()));
    InboundMessage shortReply = message("Re: Bestellung", "ok", null, false, false);
    Tagger.Reading ahead = tagger.readAhead(shortReply, true);

    language.set("de");
    Tags tags = tagger.tag(shortReply, 7L, ahead);

    assertThat(tags.language()).isEqualTo("de").isEqualTo(tagger.tag(shortReply, 7L).language());
  }

  @Test
  void aTextReadAheadByAnotherTaggerIsReadAgain() {
    NlpTagger before = tagger(ConversationFacts.NONE);
    // the same models after an agent taught a correction (POST /api/nlp/reload)
    NlpTagger reloaded = new NlpTagger(languages, sentiment, urgency, ConversationFacts.NONE,
        CorrectionMemory.of(List.of(new Correction("thanks a lot, that was quick", "en", "negative", null))));
    InboundMessage m = message("Re: Order", "Thanks a lot, that was quick!", null, false, false);

    Tags tags = reloaded.tag(m, 3L, before.readAhead(m, true));

    assertThat(tags.sentiment()).isEqualTo("negative").isEqualTo(reloaded.tag(m, 3L).sentiment());
    assertThat(before.tag(m, 3L).sentiment()).isNotEqualTo("negative");
  }
}
