package io.switchboard.voice;

import static io.switchboard.voice.Shipped.email;
import static io.switchboard.voice.Shipped.fixed;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The rules too small for a file of their own: empty reply, placeholder, unknown language. */
class SmallRulesTest {

  @Test
  void emptyDraftShouldBlock() {
    FixedReply reply = fixed(email("   \n "));

    assertThat(reply.text()).isEmpty();
    assertThat(new EmptyReplyRule(Severity.BLOCK).check(reply))
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.rule()).isEqualTo("empty-reply");
              assertThat(v.severity()).isEqualTo(Severity.BLOCK);
              assertThat(v.message()).startsWith("The reply has no message");
            });
  }

  @Test
  void greetingAndSignOffWithoutMessageShouldBlock() {
    FixedReply reply = fixed(email("Hi Anna,\n\nBest regards,\nTom"));

    assertThat(new EmptyReplyRule(Severity.BLOCK).check(reply))
        .singleElement()
        .satisfies(v -> assertThat(v.message()).contains("besides a greeting or sign-off"));
  }

  @Test
  void shortMessageShouldNotCountAsEmpty() {
    assertThat(new EmptyReplyRule(Severity.BLOCK).check(fixed(email("Done.")))).isEmpty();
  }

  @Test
  void unfilledPlaceholderShouldBlock() {
    FixedReply reply = fixed(email("Your order {order.number} ships today."));

    assertThat(new PlaceholderRule(Severity.BLOCK).check(reply))
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.message()).isEqualTo("Fill in {order.number} before sending.");
              assertThat(reply.text().substring(v.start(), v.end())).isEqualTo("{order.number}");
            });
  }

  @Test
  void languageWithoutGuideShouldWarnAndLeaveTheTextAlone() {
    Draft dutch = email("Hoi Anna,\n\nJe tas is onderweg.\n\nGroetjes, Tom").withLanguage("nl");
    FixedReply reply = fixed(dutch);

    assertThat(reply.text()).isEqualTo(dutch.text());
    assertThat(new LanguageRule(Severity.WARN).check(reply))
        .singleElement()
        .satisfies(v -> assertThat(v.message()).contains("no rules for language \"nl\""));
  }

  @Test
  void regionalLanguageCodeShouldUseTheLanguagesRules() {
    FixedReply reply = fixed(email("Sua bolsa está a caminho.").withLanguage("pt-BR"));

    assertThat(reply.language()).isEqualTo("pt");
    assertThat(reply.text()).startsWith("Olá, Anna,");
    assertThat(new LanguageRule(Severity.WARN).check(reply)).isEmpty();
  }

  @Test
  void missingLanguageShouldMeanTheDefault() {
    assertThat(fixed(email("Your bag ships today.").withLanguage(null)).language()).isEqualTo("en");
  }
}
