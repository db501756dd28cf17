package io.switchboard.voice;

/**
 * One finding of a voice rule.
 *
 * @param rule the rule's id, e.g. {@code banned-phrase}
 * @param start where it is in {@link VoiceResult#text()} (UTF-16 index, as in Java and JavaScript)
 * @param end exclusive; {@code start == end} marks a place where something is missing
 * @param suggestion what to write instead, or null
 */
public record Violation(
    String rule, Severity severity, String message, int start, int end, String suggestion) {}
