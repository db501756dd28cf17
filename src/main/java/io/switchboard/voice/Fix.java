package io.switchboard.voice;

/**
 * A change the linter made on its own (greeting, sign-off, preferred term…), so the agent can see
 * why the text differs from what they wrote.
 */
public record Fix(String rule, String message) {}
