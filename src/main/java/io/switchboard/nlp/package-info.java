/**
 * Language, sentiment and urgency of customer messages: {@link io.switchboard.nlp.NlpTagger} is
 * the ingest route's {@link io.switchboard.nlp.Tagger}.
 *
 * <ul>
 *   <li>{@link io.switchboard.nlp.LanguageDetector}: OpenNLP's language detector model, ISO 639-1
 *       answers, {@code und} for short or unclear text, with the inbox languages' function words
 *       ({@code /nlp/function-words.txt}) as evidence on close calls;
 *   <li>{@link io.switchboard.nlp.TextNormalizer}: the preprocessing shared by training and
 *       tagging;
 *   <li>{@link io.switchboard.nlp.SentimentModel}: OpenNLP maxent document categorizer
 *       ({@code /nlp/sentiment.bin}) plus customer-service phrases;
 *   <li>{@link io.switchboard.nlp.UrgencyRules}: phrase rules in six languages plus {@link
 *       io.switchboard.nlp.ConversationFacts};
 *   <li>{@link io.switchboard.nlp.CorrectionMemory}: agents' corrections as {@code train} wrote
 *       them, answering near-copies of a corrected message as the agent did;
 *   <li>{@link io.switchboard.nlp.Trainer} rebuilds the shipped model from {@code
 *       ../shared/data}, {@link io.switchboard.nlp.Evaluator} measures it on the validation
 *       splits, {@link io.switchboard.nlp.Classify} tags lines of text to JSON lines.
 * </ul>
 *
 * Plain Java, no Camel; every public class is thread-safe.
 */
package io.switchboard.nlp;
