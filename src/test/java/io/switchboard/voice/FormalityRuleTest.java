package io.switchboard.voice;

import static io.switchboard.voice.Shipped.email;
import static io.switchboard.voice.Shipped.fixed;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class FormalityRuleTest {
  private final FormalityRule rule = new FormalityRule(Severity.WARN);

  private List<String> informal(String language, String text) {
    FixedReply reply = fixed(email(text).withLanguage(language));
    return rule.check(reply).stream().map(v -> reply.text().substring(v.start(), v.end())).toList();
  }

  @Test
  void germanDuShouldWarnWhenTheGuideSaysSie() {
    FixedReply reply =
        fixed(email("Kannst du uns deine Bestellnummer schicken?").withLanguage("de"));

    assertThat(rule.check(reply))
        .hasSize(2)
        .first()
        .satisfies(
            v -> {
              assertThat(v.severity()).isEqualTo(Severity.WARN);
              assertThat(v.message())
                  .isEqualTo("The German voice uses \"Sie\"; \"du\" is the other form.");
              assertThat(v.suggestion()).contains("Sie");
            });
    assertThat(informal("de", "Kannst du uns deine Bestellnummer schicken?"))
        .containsExactly("du", "deine");
  }

  @Test
  void germanSieShouldPass() {
    assertThat(informal("de", "Können Sie uns Ihre Bestellnummer schicken? Wir danken Ihnen."))
        .isEmpty();
  }

  @Test
  void frenchTuShouldWarnWhenTheGuideSaysVous() {
    assertThat(informal("fr", "Peux-tu nous envoyer ton numéro ? Je vais t'aider."))
        .containsExactly("tu", "ton", "t'aider");
    assertThat(
            informal("fr", "Pouvez-vous nous envoyer votre numéro ? Toute l'équipe vous aidera."))
        .isEmpty();
  }

  @Test
  void spanishTuShouldWarnWhenTheGuideSaysUsted() {
    assertThat(informal("es", "¿Puedes enviarnos tu número? Te ayudamos."))
        .containsExactly("Puedes", "tu", "Te");
    assertThat(informal("es", "¿Puede enviarnos su número? Le ayudamos.")).isEmpty();
  }

  @Test
  void italianTuShouldWarnWhenTheGuideSaysLei() {
    assertThat(informal("it", "Puoi inviarci il tuo numero d'ordine?"))
        .containsExactly("Puoi", "tuo");
    assertThat(informal("it", "Può inviarci il Suo numero d'ordine?")).isEmpty();
  }

  @Test
  void portugueseTuShouldWarnWhenTheGuideSaysVoce() {
    assertThat(informal("pt", "Podes enviar o teu número?")).containsExactly("teu");
    assertThat(informal("pt", "Você pode enviar o seu número?")).isEmpty();
  }

  @Test
  void englishShouldHaveNoFormalityRule() {
    assertThat(informal("en", "Can you send us your order number?")).isEmpty();
  }
}
