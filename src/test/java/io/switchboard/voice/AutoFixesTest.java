package io.switchboard.voice;

import static io.switchboard.voice.Shipped.LINTER;
import static io.switchboard.voice.Shipped.email;
import static io.switchboard.voice.Shipped.tweet;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AutoFixesTest {

  @Test
  void preferredTermShouldBeSubstitutedKeepingCapitalLetters() {
    VoiceResult r =
        LINTER.check(email("Employees in our warehouse checked it. An employee will call."));

    assertThat(r.text())
        .contains("Team members in our warehouse checked it. A team member will call.");
    assertThat(r.fixes())
        .extracting(Fix::message)
        .contains(
            "Preferred term: \"Employees\" → \"Team members\"",
            "Preferred term: \"An employee\" → \"A team member\"");
  }

  @Test
  void preferredTermShouldOnlyMatchWholeWords() {
    VoiceResult r = LINTER.check(email("Our employeeship programme is new."));

    assertThat(r.text()).contains("employeeship");
    assertThat(r.fixes()).extracting(Fix::rule).doesNotContain("preferred-term");
  }

  @Test
  void germanPreferredTermShouldBeSubstituted() {
    VoiceResult r = LINTER.check(email("Unser Kundendienst meldet sich.").withLanguage("de"));

    assertThat(r.text()).contains("Unser Kundenservice meldet sich.");
  }

  @Test
  void frenchPreferredTermShouldBeSubstituted() {
    VoiceResult r = LINTER.check(email("Le SAV a bien reçu votre problème.").withLanguage("fr"));

    assertThat(r.text()).contains("Le service client a bien reçu votre souci.");
  }

  @Test
  void spanishPreferredTermShouldBeSubstituted() {
    VoiceResult r = LINTER.check(email("Un empleado revisará su pedido.").withLanguage("es"));

    assertThat(r.text()).contains("Un miembro del equipo revisará su pedido.");
  }

  @Test
  void repeatedExclamationMarksShouldCollapse() {
    VoiceResult r = LINTER.check(email("Great news!!! It ships today?!?! ¡¡Genial!!"));

    assertThat(r.text()).contains("Great news! It ships today?! ¡Genial!");
    assertThat(r.fixes()).extracting(Fix::rule).contains("exclamation");
  }

  @Test
  void whitespaceShouldBeTrimmed() {
    VoiceResult r =
        LINTER.check(email("\n\n  Your bag   ships today.   \r\n\r\n\r\n\r\nSee you.  \n"));

    assertThat(r.text()).contains("Your bag ships today.\n\nSee you.\n\nBest regards");
    assertThat(r.text()).doesNotStartWith(" ").doesNotEndWith("\n");
    assertThat(r.fixes()).extracting(Fix::rule).contains("whitespace");
  }

  @Test
  void handleTypedByTheAgentShouldBeDroppedBecauseXAddsIt() {
    VoiceResult r = LINTER.check(tweet("@Anna_K your strap is on its way"));

    assertThat(r.text()).isEqualTo("Hi Anna,\nyour strap is on its way\n^Tom");
    assertThat(r.fixes()).extracting(Fix::rule).contains("handle");
  }

  @Test
  void otherMentionsShouldStay() {
    VoiceResult r = LINTER.check(tweet("@northwind_help will follow up"));

    assertThat(r.text()).contains("@northwind_help will follow up");
  }

  @Test
  void cleanDraftShouldNeedNoFixes() {
    VoiceResult r =
        LINTER.check(
            email(
                "Hi Anna,\n\nYour bag ships today.\n\nBest regards,\nTom\nNorthwind Travel Gear"));

    assertThat(r.fixes()).isEmpty();
    assertThat(r.violations()).isEmpty();
    assertThat(r.score()).isEqualTo(100);
  }
}
