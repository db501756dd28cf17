package io.switchboard.voice;

import java.util.Objects;

/**
 * A reply an agent wants to send, with what the linter needs to know about the conversation.
 *
 * @param channel {@code email}, {@code x}, {@code facebook} or {@code instagram}
 * @param isPublic true for replies everyone can read: X mentions, Facebook and Instagram comments
 * @param language ISO 639-1 code of the conversation ({@code de}, {@code pt-BR} is read as {@code
 *     pt}); null means the guide's default language
 * @param customerHandle the customer's X handle, with or without "@"; X puts it in front of public
 *     replies
 * @param sentiment the customer's mood, or null when unknown
 */
public record Draft(
    String channel,
    boolean isPublic,
    String language,
    String customerFirstName,
    String customerHandle,
    String agentFirstName,
    Sentiment sentiment,
    String text) {

  public Draft {
    Objects.requireNonNull(channel, "channel");
    text = text == null ? "" : text;
  }

  /** A private draft on {@code channel} with nothing else known yet. */
  public static Draft of(String channel, String text) {
    return new Draft(channel, false, null, null, null, null, null, text);
  }

  public Draft withPublic(boolean value) {
    return new Draft(
        channel,
        value,
        language,
        customerFirstName,
        customerHandle,
        agentFirstName,
        sentiment,
        text);
  }

  public Draft withLanguage(String value) {
    return new Draft(
        channel,
        isPublic,
        value,
        customerFirstName,
        customerHandle,
        agentFirstName,
        sentiment,
        text);
  }

  public Draft withCustomer(String firstName, String handle) {
    return new Draft(
        channel, isPublic, language, firstName, handle, agentFirstName, sentiment, text);
  }

  public Draft withAgent(String firstName) {
    return new Draft(
        channel, isPublic, language, customerFirstName, customerHandle, firstName, sentiment, text);
  }

  public Draft withSentiment(Sentiment value) {
    return new Draft(
        channel,
        isPublic,
        language,
        customerFirstName,
        customerHandle,
        agentFirstName,
        value,
        text);
  }

  public Draft withText(String value) {
    return new Draft(
        channel,
        isPublic,
        language,
        customerFirstName,
        customerHandle,
        agentFirstName,
        sentiment,
        value);
  }
}
