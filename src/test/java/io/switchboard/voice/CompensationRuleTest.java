package io.switchboard.voice;

import static io.switchboard.voice.Shipped.fixed;
import static io.switchboard.voice.Shipped.tweet;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CompensationRuleTest {
  private final CompensationRule rule = new CompensationRule(Severity.BLOCK);

  private List<String> found(Draft draft) {
    FixedReply reply = fixed(draft);
    return rule.check(reply).stream().map(v -> reply.text().substring(v.start(), v.end())).toList();
  }

  @Test
  void voucherInPublicReplyShouldBlockAndSuggestPrivateMessage() {
    FixedReply reply = fixed(tweet("Sorry about that, we'll send you a voucher."));

    assertThat(rule.check(reply))
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.rule()).isEqualTo("public-compensation");
              assertThat(v.severity()).isEqualTo(Severity.BLOCK);
              assertThat(v.message()).contains("\"voucher\"", "public X reply");
              assertThat(v.suggestion()).contains("private message");
            });
  }

  @Test
  void englishCompensationPhrasesShouldBlockInPublic() {
    assertThat(found(tweet("We will pay for the repair and refund the shipping.")))
        .containsExactly("We will pay", "refund");
  }

  @Test
  void compensationInPrivateReplyShouldPass() {
    assertThat(found(tweet("We'll refund you today.").withPublic(false))).isEmpty();
  }

  @Test
  void germanFrenchAndSpanishCompensationShouldBlockInPublic() {
    assertThat(found(tweet("Wir schicken Ihnen einen Gutschein.").withLanguage("de")))
        .containsExactly("Gutschein");
    assertThat(found(tweet("Nous procédons au remboursement.").withLanguage("fr")))
        .containsExactly("remboursement");
    assertThat(found(tweet("Le haremos un reembolso.").withLanguage("es")))
        .containsExactly("reembolso");
  }

  @Test
  void englishPromiseInAGermanConversationShouldStillBlock() {
    assertThat(found(tweet("We'll refund it.").withLanguage("de"))).containsExactly("refund");
  }
}
