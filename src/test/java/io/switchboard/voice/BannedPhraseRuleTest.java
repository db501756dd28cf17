package io.switchboard.voice;

import static io.switchboard.voice.Shipped.email;
import static io.switchboard.voice.Shipped.fixed;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class BannedPhraseRuleTest {
  private final BannedPhraseRule rule = new BannedPhraseRule(Severity.WARN);

  private List<String> banned(String language, String text) {
    FixedReply reply = fixed(email(text).withLanguage(language));
    return rule.check(reply).stream().map(v -> reply.text().substring(v.start(), v.end())).toList();
  }

  @Test
  void unfortunatelyShouldWarnWithASuggestion() {
    FixedReply reply = fixed(email("Unfortunately the bag is sold out."));

    assertThat(rule.check(reply))
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.rule()).isEqualTo("banned-phrase");
              assertThat(v.severity()).isEqualTo(Severity.WARN);
              assertThat(v.message()).isEqualTo("Avoid \"Unfortunately\".");
              assertThat(v.suggestion()).contains("What I can do is");
              assertThat(reply.text().substring(v.start(), v.end())).isEqualTo("Unfortunately");
            });
  }

  @Test
  void englishPolicyBlameAndCalmDownShouldWarnOncePerPlace() {
    assertThat(
            banned("en", "As per our policy we can't. You should have read it. Please calm  down."))
        .containsExactly("As per our policy", "You should have", "calm down");
  }

  @Test
  void blamingLanguageShouldSaySo() {
    FixedReply reply = fixed(email("It was your fault."));

    assertThat(rule.check(reply))
        .singleElement()
        .satisfies(v -> assertThat(v.message()).isEqualTo("Blaming language: \"your fault\"."));
  }

  @Test
  void germanBannedPhrasesShouldWarn() {
    assertThat(
            banned(
                "de",
                "Leider geht das gemäß unserer Richtlinien nicht. Sie hätten das "
                    + "Etikett aufheben sollen. Beruhigen Sie sich bitte."))
        .containsExactly(
            "Leider",
            "gemäß unserer Richtlinien",
            "Sie hätten das Etikett aufheben sollen",
            "Beruhigen Sie sich");
  }

  @Test
  void frenchBannedPhrasesShouldWarn() {
    assertThat(
            banned(
                "fr",
                "Malheureusement, conformément à notre politique, vous auriez dû "
                    + "nous écrire. Calmez-vous."))
        .containsExactly(
            "Malheureusement", "conformément à notre politique", "vous auriez dû", "Calmez-vous");
  }

  @Test
  void spanishBannedPhrasesShouldWarn() {
    assertThat(
            banned(
                "es",
                "Lamentablemente, según nuestra política, usted debería haber "
                    + "guardado el ticket. Cálmese."))
        .containsExactly(
            "Lamentablemente", "según nuestra política", "usted debería haber", "Cálmese");
  }

  @Test
  void wordsThatOnlyContainABannedPhraseShouldPass() {
    assertThat(banned("es", "Lamento mucho lo ocurrido.")).isEmpty();
    assertThat(banned("en", "Fortunately it arrived.")).isEmpty();
  }

  @Test
  void otherLanguagesPhrasesShouldNotApply() {
    assertThat(banned("en", "Leider is a German word.")).isEmpty();
  }
}
