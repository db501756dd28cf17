package io.switchboard.voice;

import static io.switchboard.voice.Shipped.email;
import static io.switchboard.voice.Shipped.fixed;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ExclamationRuleTest {
  private final ExclamationRule rule = new ExclamationRule(Severity.WARN);

  @Test
  void oneExclamationMarkShouldPass() {
    assertThat(rule.check(fixed(email("Great news! Your bag ships today.")))).isEmpty();
  }

  @Test
  void repeatedMarksShouldBeCollapsedBeforeCounting() {
    assertThat(rule.check(fixed(email("Great news!!! Your bag ships today.")))).isEmpty();
  }

  @Test
  void secondExclamationMarkShouldWarnWhereItIs() {
    FixedReply reply = fixed(email("Great news! Your bag ships today!"));

    assertThat(rule.check(reply))
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.message()).isEqualTo("At most 1 \"!\" per reply; this one has 2.");
              assertThat(v.start()).isEqualTo(reply.text().indexOf("today!") + 5);
              assertThat(v.end()).isEqualTo(v.start() + 1);
            });
  }

  @Test
  void spanishOpeningMarkShouldNotCount() {
    FixedReply reply = fixed(email("¡Muchas gracias por su mensaje!").withLanguage("es"));

    assertThat(rule.check(reply)).isEmpty();
  }
}
