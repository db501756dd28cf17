package io.switchboard.nlp;

/**
 * A person's correction of a tag, fed back into training by {@link Trainer}.
 *
 * @param language ISO 639-1 code of the text, or null to detect it
 * @param sentiment the right sentiment label, or null when only urgency was corrected
 * @param urgency the right urgency level, or null when only sentiment was corrected
 */
public record Correction(String text, String language, String sentiment, String urgency) {}
