package io.switchboard.nlp;

import io.switchboard.model.ConversationSentiment;
import io.switchboard.model.InboundMessage;
import io.switchboard.model.Tags;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;

/**
 * The ingest route's tagger: language, sentiment and urgency of an inbound message, from its
 * subject and text (the display text when there is one: quoted history trimmed), with the
 * conversation's facts.
 *
 * <p>Thread-safe; build it once ({@link #load}, about a second) and share it.
 */
public final class NlpTagger implements Tagger {
  /** Longer texts are cut: the first part decides, and tagging stays fast on huge mails. */
  static final int MAX_TEXT = 10_000;

  /** Everything the tagger says about one text. */
  public record Analysis(
      String language, double languageConfidence, String sentiment, double sentimentScore,
      String urgency, List<String> reasons) {
    public Analysis {
      reasons = List.copyOf(reasons);
    }
  }

  private final LanguageDetector languages;
  private final SentimentModel sentiment;
  private final UrgencyRules urgency;
  private final ConversationFacts facts;
  private final CorrectionMemory corrections;

  public NlpTagger(
      LanguageDetector languages, SentimentModel sentiment, UrgencyRules urgency,
      ConversationFacts facts) {
    this(languages, sentiment, urgency, facts, CorrectionMemory.EMPTY);
  }

  NlpTagger(
      LanguageDetector languages, SentimentModel sentiment, UrgencyRules urgency,
      ConversationFacts facts, CorrectionMemory corrections) {
    this.languages = languages;
    this.sentiment = sentiment;
    this.urgency = urgency;
    this.facts = facts == null ? ConversationFacts.NONE : facts;
    this.corrections = corrections;
  }

  /** Loads the shipped models (the two in parallel) with no conversation facts. */
  public static NlpTagger load() {
    return load(ConversationFacts.NONE);
  }

  public static NlpTagger load(ConversationFacts facts) {
    CompletableFuture<LanguageDetector> detector =
        CompletableFuture.supplyAsync(LanguageDetector::load);
    SentimentModel model = SentimentModel.load();
    UrgencyRules rules = UrgencyRules.load();
    return new NlpTagger(detector.join(), model, rules, facts);
  }

  /**
   * Loads what {@code train} wrote into {@code modelsDir} (the sentiment model with its complaint
   * gate and calibration, and the agents' corrections), falling back to the shipped model where it
   * wrote nothing.
   */
  public static NlpTagger load(Path modelsDir, ConversationFacts facts) throws IOException {
    Path trained = modelsDir.resolve(Trainer.SENTIMENT_FILE);
    if (!Files.isRegularFile(trained)) {
      NlpTagger shipped = load(facts);
      return new NlpTagger(shipped.languages, shipped.sentiment, shipped.urgency, facts,
          CorrectionMemory.load(modelsDir.resolve(CorrectionMemory.FILE)));
    }
    CompletableFuture<LanguageDetector> detector =
        CompletableFuture.supplyAsync(LanguageDetector::load);
    SentimentModel model = SentimentModel.load(trained);
    return new NlpTagger(detector.join(), model, UrgencyRules.load(), facts,
        CorrectionMemory.load(modelsDir.resolve(CorrectionMemory.FILE)));
  }

  @Override
  public Tags tag(InboundMessage message, Long conversationId) {
    return tag(message, conversationId, null);
  }

  @Override
  public Tagger.Reading readAhead(InboundMessage message, boolean threaded) {
    // the contact's language does not depend on the conversation, and ingest never writes it
    ConversationFacts.Facts f = facts.lookup(message, null);
    String fallback = f == null ? null : f.contactLanguage();
    return read(threaded ? bodyOf(message) : textOf(message), fallback);
  }

  @Override
  public Tags tag(InboundMessage message, Long conversationId, Tagger.Reading ahead) {
    ConversationFacts.Facts f = facts.lookup(message, conversationId);
    if (f == null) {
      f = ConversationFacts.Facts.NONE;
    }
    // a follow-up's subject repeats the thread's ("Re: Zipper broken"): only its body is news
    String text = conversationId != null ? bodyOf(message) : textOf(message);
    TextReading r = ahead instanceof TextReading a && a.readFrom(this, text, f.contactLanguage()) ? a : read(text, f.contactLanguage());
    ConversationSentiment.State before =
        new ConversationSentiment.State(f.conversationSentiment(), f.conversationSentimentScore());
    // urgency weighs the conversation's sentiment after this message, not the message's alone: a
    // neutral follow-up to a complaint is still a complaint (ADR 0028)
    String event = r.found() == null ? null : r.found().phrase();
    Analysis a = judge(r, f, message.isPublic(), message.sentAt(),
        (s, found) -> {
          ConversationSentiment.State after = ConversationSentiment.next(before, s.label(), s.score(), event);
          return after.label() == null ? s : new SentimentModel.Sentiment(after.label(), after.score());
        });
    if (message.autoGenerated()) {
      List<String> reasons = new ArrayList<>(List.of("automatic message"));
      return new Tags(a.language(), a.sentiment(), a.sentimentScore(), UrgencyRules.LOW, reasons, event);
    }
    return new Tags(a.language(), a.sentiment(), a.sentimentScore(), a.urgency(), a.reasons(), event);
  }

  /** The body (display text when present, else text); the subject when there is no body. */
  static String bodyOf(InboundMessage m) {
    String body = m.displayText() != null && !m.displayText().isBlank() ? m.displayText() : m.text();
    return body == null || body.isBlank() ? textOf(m) : body;
  }

  /**
   * Subject and body (the display text when present, else the text); the subject only when the
   * author wrote it ({@link InboundMessage#subjectWrittenByAuthor}).
   */
  static String textOf(InboundMessage m) {
    String body = m.displayText() != null && !m.displayText().isBlank() ? m.displayText() : m.text();
    String subject = m.subjectWrittenByAuthor() ? m.subject() : null;
    if (subject == null || subject.isBlank()) {
      return body == null ? "" : body;
    }
    return body == null || body.isBlank() ? subject : subject + "\n" + body;
  }

  /** This tagger, its models and corrections, with what the database knows of conversations. */
  public NlpTagger withFacts(ConversationFacts facts) {
    return new NlpTagger(languages, sentiment, urgency, facts, corrections);
  }

  /** This tagger with another sentiment model. */
  NlpTagger withSentimentModel(SentimentModel model) {
    return new NlpTagger(languages, model, urgency, facts, corrections);
  }

  SentimentModel sentimentModel() {
    return sentiment;
  }

  /**
   * What {@link ServiceCalibration} reads for a text, tagged as {@link #analyze} would, from the
   * sentiment model's answer before any calibration.
   */
  double[] serviceFeatures(String text, String fallbackLanguage) {
    String t = text == null ? "" : text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) : text;
    LanguageDetector.Detection lang = languages.detect(t, fallbackLanguage);
    List<String> words = PhraseMatcher.words(t);
    ComplaintEvents.Event event = ComplaintEvents.DEFAULT.find(words).orElse(null);
    return sentiment.serviceFeatures(t, words, event, lang.language());
  }

  /**
   * The sentiment probabilities (negative, neutral, positive) of a bare text that {@link
   * #analyze(String)} takes its label and score from: what the share estimators read.
   */
  public double[] sentimentDistribution(String text) {
    String t = text == null ? "" : text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) : text;
    LanguageDetector.Detection lang = languages.detect(t, null);
    List<String> words = PhraseMatcher.words(t);
    ComplaintEvents.Event event = ComplaintEvents.DEFAULT.find(words).orElse(null);
    return sentiment.distribution(t, words, event, lang.language());
  }

  /** Tags a bare text: no fallback language, no conversation facts, not public. */
  public Analysis analyze(String text) {
    return analyze(text, null, ConversationFacts.Facts.NONE, false, null);
  }

  /**
   * @param fallbackLanguage the language to assume when the text cannot tell (contact's or
   *     account's), or null
   */
  public Analysis analyze(
      String text, String fallbackLanguage, ConversationFacts.Facts facts, boolean publicPost,
      Instant sentAt) {
    return analyze(text, fallbackLanguage, facts, publicPost, sentAt, (s, found) -> s);
  }

  /**
   * What a text says before any conversation fact is weighed (ADR 0078): its language, words and
   * the complaint event they name, the model's sentiment, and any correction an agent taught.
   *
   * @param by the tagger that read it
   * @param text the text as given (cut here to {@value #MAX_TEXT} characters)
   * @param found the complaint event the words name, before any correction
   * @param event the event still named after a correction (null when one replaced the sentiment)
   * @param question whether the text asks something ({@link UrgencyRules#isQuestion})
   */
  record TextReading(
      NlpTagger by, String text, String fallbackLanguage, LanguageDetector.Detection language, List<String> words,
      ComplaintEvents.Event found, ComplaintEvents.Event event, SentimentModel.Sentiment sentiment,
      String correctedUrgency, boolean question) implements Tagger.Reading {
    /**
     * Whether {@code tagger} read this from {@code text} with {@code fallback} as the language to
     * assume (a reloaded tagger's models may read it otherwise).
     */
    boolean readFrom(NlpTagger tagger, String text, String fallback) {
      return by == tagger && this.text.equals(text) && Objects.equals(fallbackLanguage, fallback);
    }
  }

  private TextReading read(String text, String fallbackLanguage) {
    String given = text == null ? "" : text;
    String t = given.length() > MAX_TEXT ? given.substring(0, MAX_TEXT) : given;
    LanguageDetector.Detection lang = languages.detect(t, fallbackLanguage);
    List<String> words = PhraseMatcher.words(t);
    ComplaintEvents.Event event = ComplaintEvents.DEFAULT.find(words).orElse(null);
    ComplaintEvents.Event found = event;
    SentimentModel.Sentiment s = sentiment.classify(t, words, event, lang.language());
    String correctedUrgency = null;
    if (!corrections.isEmpty()) {
      CorrectionMemory.Match ms = corrections.sentiment(words);
      if (ms != null) {
        s = new SentimentModel.Sentiment(ms.label(), ms.similarity());
        event = null;
      }
      CorrectionMemory.Match mu = corrections.urgency(words);
      correctedUrgency = mu == null ? null : mu.label();
    }
    return new TextReading(this, given, fallbackLanguage, lang, words, found, event, s, correctedUrgency, UrgencyRules.isQuestion(t));
  }

  /**
   * @param forUrgency what urgency weighs, from the message's sentiment and the complaint event its
   *     words name (before any correction): the conversation's sentiment on ingest
   */
  private Analysis analyze(
      String text, String fallbackLanguage, ConversationFacts.Facts facts, boolean publicPost,
      Instant sentAt,
      BiFunction<SentimentModel.Sentiment, ComplaintEvents.Event, SentimentModel.Sentiment> forUrgency) {
    return judge(read(text, fallbackLanguage), facts, publicPost, sentAt, forUrgency);
  }

  /** A text's reading weighed with what is known of its conversation: urgency and its reasons. */
  private Analysis judge(
      TextReading r, ConversationFacts.Facts facts, boolean publicPost, Instant sentAt,
      BiFunction<SentimentModel.Sentiment, ComplaintEvents.Event, SentimentModel.Sentiment> forUrgency) {
    SentimentModel.Sentiment s = r.sentiment();
    UrgencyRules.Urgency u = urgency.assess(r.words(), forUrgency.apply(s, r.found()), facts, publicPost, sentAt,
        r.correctedUrgency(), r.question());
    List<String> reasons = u.reasons();
    if (s.gated()) {
      reasons = new ArrayList<>(reasons);
      reasons.add(ComplaintGate.REASON);
    }
    if (r.event() != null) {
      // why the message is not positive, and what the complaint is about
      reasons = new ArrayList<>(reasons);
      reasons.add(r.event().reason());
    }
    return new Analysis(r.language().language(), r.language().confidence(), s.label(), s.score(), u.level(),
        reasons);
  }
}
