package io.switchboard.voice;

import static io.switchboard.voice.Shipped.email;
import static io.switchboard.voice.Shipped.fixed;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EmpathyRuleTest {
  private final EmpathyRule rule = new EmpathyRule(Severity.WARN);

  @Test
  void upsetCustomerWithoutAcknowledgementShouldWarnWhereItWouldGo() {
    FixedReply reply =
        fixed(email("Your replacement ships today.").withSentiment(Sentiment.NEGATIVE));

    assertThat(rule.check(reply))
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.severity()).isEqualTo(Severity.WARN);
              assertThat(v.message()).startsWith("The customer is upset");
              assertThat(v.suggestion())
                  .isEqualTo("I'm sorry about this, and I understand how frustrating it is.");
              assertThat(v.start()).isEqualTo(reply.bodyStart()).isEqualTo(v.end());
              assertThat(reply.text().substring(v.start())).startsWith("Your replacement");
            });
  }

  @Test
  void upsetCustomerWithApologyShouldPass() {
    assertThat(
            rule.check(
                fixed(
                    email("I’m so sorry. Your replacement ships today.")
                        .withSentiment(Sentiment.NEGATIVE))))
        .isEmpty();
    assertThat(
            rule.check(
                fixed(email("We apologise for the delay.").withSentiment(Sentiment.NEGATIVE))))
        .isEmpty();
  }

  @Test
  void upsetGermanFrenchAndSpanishCustomersShouldGetTheirLanguagesPhrases() {
    assertThat(
            rule.check(
                fixed(
                    email("Das tut mir leid. Ersatz ist unterwegs.")
                        .withLanguage("de")
                        .withSentiment(Sentiment.NEGATIVE))))
        .isEmpty();
    assertThat(
            rule.check(
                fixed(
                    email("Je suis désolée pour ce retard.")
                        .withLanguage("fr")
                        .withSentiment(Sentiment.NEGATIVE))))
        .isEmpty();
    assertThat(
            rule.check(
                fixed(
                    email("Lo siento mucho por el retraso.")
                        .withLanguage("es")
                        .withSentiment(Sentiment.NEGATIVE))))
        .isEmpty();
    assertThat(
            rule.check(
                fixed(
                    email("Ersatz ist unterwegs.")
                        .withLanguage("de")
                        .withSentiment(Sentiment.NEGATIVE))))
        .singleElement()
        .satisfies(v -> assertThat(v.suggestion()).contains("tut mir sehr leid"));
  }

  @Test
  void happyCustomerWithoutThanksShouldWarn() {
    FixedReply reply = fixed(email("Enjoy the trip.").withSentiment(Sentiment.POSITIVE));

    assertThat(rule.check(reply))
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.message())
                  .startsWith("The customer is happy and the reply does not thank them");
              assertThat(v.suggestion()).isEqualTo("Thank you so much for your kind words.");
            });
  }

  @Test
  void happyCustomerWithThanksShouldPass() {
    assertThat(
            rule.check(
                fixed(email("Thank you, enjoy the trip.").withSentiment(Sentiment.POSITIVE))))
        .isEmpty();
  }

  @Test
  void neutralOrUnknownSentimentShouldNeedNothing() {
    assertThat(rule.check(fixed(email("Enjoy the trip.").withSentiment(Sentiment.NEUTRAL))))
        .isEmpty();
    assertThat(rule.check(fixed(email("Enjoy the trip.")))).isEmpty();
  }
}
