package io.switchboard.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.model.ConversationSentiment;
import io.switchboard.model.ConversationSentiment.State;
import org.junit.jupiter.api.Test;

/** The rule that keeps a complaint thread negative until the customer is satisfied (ADR 0028). */
class ConversationSentimentTest {
  private static State fold(State s, String label, double score) {
    return ConversationSentiment.next(s, label, score, null);
  }

  @Test
  void neutralAndWeaklyPositiveFollowUpsShouldKeepAComplaintNegative() {
    State s = fold(State.NONE, "negative", 0.82);
    s = fold(s, "positive", 0.54); // "Order NW-48213 if that helps. I fly again on Friday."
    assertThat(s).isEqualTo(new State("negative", 0.82));
    s = fold(s, "neutral", 0.9);
    assertThat(s).isEqualTo(new State("negative", 0.82));
  }

  @Test
  void aSurelyPositiveMessageShouldCloseTheComplaint() {
    State s = fold(fold(State.NONE, "negative", 0.7), "positive", 0.95);
    assertThat(s).isEqualTo(new State("positive", 0.95));
    // and without a complaint the conversation takes the latest sentiment
    assertThat(fold(s, "neutral", 0.6)).isEqualTo(new State("neutral", 0.6));
  }

  @Test
  void aComplaintEventShouldMakeItNegativeWhateverTheModelSays() {
    State s = ConversationSentiment.next(State.NONE, "positive", 0.9, "not arrived");
    assertThat(s).isEqualTo(new State("negative", ConversationSentiment.EVENT_SCORE));
    // thanks wrapped around a complaint does not close it
    assertThat(ConversationSentiment.next(s, "positive", 0.95, "still broken").isNegative()).isTrue();
    // the strongest open complaint's score is kept
    s = fold(s, "negative", 0.9);
    assertThat(ConversationSentiment.next(s, "neutral", 0.5, "charged twice")).isEqualTo(new State("negative", 0.9));
  }

  @Test
  void messagesWithoutASentimentShouldChangeNothing() {
    State s = fold(State.NONE, "negative", 0.8);
    assertThat(ConversationSentiment.next(s, null, null, null)).isSameAs(s);
    assertThat(ConversationSentiment.next(null, null, null, null)).isEqualTo(State.NONE);
  }
}
