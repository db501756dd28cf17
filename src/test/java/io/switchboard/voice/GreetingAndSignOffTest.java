package io.switchboard.voice;

import static io.switchboard.voice.Shipped.LINTER;
import static io.switchboard.voice.Shipped.email;
import static io.switchboard.voice.Shipped.tweet;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class GreetingAndSignOffTest {

  @Test
  void emailWithoutGreetingOrSignOffShouldGetTheChannelPattern() {
    VoiceResult r = LINTER.check(email("Your bag ships today."));

    assertThat(r.text())
        .isEqualTo(
            "Hi Anna,\n\nYour bag ships today.\n\nBest regards,\nTom\nNorthwind Travel Gear");
    assertThat(r.fixes())
        .extracting(Fix::message)
        .containsExactly(
            "Added greeting \"Hi Anna,\"",
            "Added sign-off \"Best regards, / Tom / Northwind Travel Gear\"");
  }

  @Test
  void existingGreetingAndSignOffShouldBeReplacedNotDoubled() {
    VoiceResult r =
        LINTER.check(
            email(
                "Hello Anna!\n\nYour bag ships today.\n\nKind regards,\nTom Baker\nCustomer Care"));

    assertThat(r.text())
        .isEqualTo(
            "Hi Anna,\n\nYour bag ships today.\n\nBest regards,\nTom\nNorthwind Travel Gear");
    assertThat(r.fixes())
        .extracting(Fix::message)
        .containsExactly(
            "Replaced greeting \"Hello Anna!\" with \"Hi Anna,\"",
            "Replaced sign-off \"Kind regards, / Tom Baker / Customer Care\" with \"Best regards, /"
                + " Tom / Northwind Travel Gear\"");
  }

  @Test
  void wholeFirstLineGreetingShouldBeReplaced() {
    VoiceResult r = LINTER.check(email("Dear valued customer,\n\nYour bag ships today.\n\nTom"));

    assertThat(r.text()).startsWith("Hi Anna,\n\nYour bag ships today.\n\nBest regards,");
  }

  @Test
  void greetingOnTheSameLineAsTheMessageShouldLeaveTheMessage() {
    VoiceResult r = LINTER.check(email("Hi, thanks for your patience. Your bag ships today."));

    assertThat(r.text())
        .startsWith("Hi Anna,\n\nthanks for your patience. Your bag ships today.\n\nBest regards,");
  }

  @Test
  void customersNameAloneShouldCountAsTheGreeting() {
    VoiceResult r = LINTER.check(email("Anna, your bag ships today."));

    assertThat(r.text()).startsWith("Hi Anna,\n\nyour bag ships today.\n\n");
  }

  @Test
  void thanksAloneAtTheEndShouldStayPartOfTheMessage() {
    VoiceResult r = LINTER.check(email("Your bag ships today.\n\nThanks!"));

    assertThat(r.text())
        .isEqualTo(
            "Hi Anna,\n\nYour bag ships today.\n\nThanks!\n\n"
                + "Best regards,\nTom\nNorthwind Travel Gear");
  }

  @Test
  void thanksWithANameShouldCountAsSignOff() {
    VoiceResult r = LINTER.check(email("Your bag ships today.\n\nThanks,\nTom"));

    assertThat(r.text())
        .endsWith("Your bag ships today.\n\nBest regards,\nTom\nNorthwind Travel Gear");
  }

  @Test
  void unknownNamesShouldUseTheFallbackPatterns() {
    VoiceResult r = LINTER.check(Draft.of("email", "Your bag ships today.").withLanguage("en"));

    assertThat(r.text())
        .isEqualTo(
            "Hi there,\n\nYour bag ships today.\n\nBest regards,\nThe Northwind Travel Gear team");
  }

  @Test
  void germanEmailShouldGetGermanGreetingAndSignOff() {
    Draft d =
        Draft.of(
                "email",
                "Hallo Herr Weber,\n\nvielen Dank für Ihre Nachricht. Ihr Paket ist "
                    + "unterwegs.\n\nMit freundlichen Grüßen\nTom")
            .withLanguage("de")
            .withCustomer("Jürgen", null)
            .withAgent("Tom");

    assertThat(LINTER.check(d).text())
        .isEqualTo(
            "Hallo Jürgen,\n\nvielen Dank für Ihre Nachricht. "
                + "Ihr Paket ist unterwegs.\n\nViele Grüße\nTom\nNorthwind Travel Gear");
  }

  @Test
  void germanFormalPronounAfterGreetingShouldNotBeTakenForAName() {
    Draft d =
        Draft.of("email", "Hallo, Ihre Bestellung ist unterwegs.")
            .withLanguage("de")
            .withCustomer("Jürgen", null)
            .withAgent("Tom");

    assertThat(LINTER.check(d).text())
        .startsWith("Hallo Jürgen,\n\nIhre Bestellung ist unterwegs.");
  }

  @Test
  void frenchEmailShouldGetFrenchGreetingAndSignOff() {
    Draft d =
        Draft.of("email", "Bonjour Madame,\n\nvotre colis est en route.\n\nCordialement,\nTom")
            .withLanguage("fr")
            .withCustomer("Claire", null)
            .withAgent("Tom");

    assertThat(LINTER.check(d).text())
        .isEqualTo(
            "Bonjour Claire,\n\nvotre colis est en route.\n\n"
                + "Bien cordialement,\nTom\nNorthwind Travel Gear");
  }

  @Test
  void spanishEmailShouldGetSpanishGreetingAndSignOff() {
    Draft d =
        Draft.of("email", "Hola Carmen,\n\nsu pedido ya está en camino.\n\nSaludos,\nTom")
            .withLanguage("es")
            .withCustomer("Carmen", null)
            .withAgent("Tom");

    assertThat(LINTER.check(d).text())
        .isEqualTo(
            "Hola, Carmen:\n\nsu pedido ya está en camino.\n\n"
                + "Un saludo,\nTom\nNorthwind Travel Gear");
  }

  @Test
  void tweetShouldPutGreetingAndCaretSignOffOnTheirOwnLines() {
    VoiceResult r =
        LINTER.check(tweet("Hi Anna, thanks for the photo. A new strap is on its way ^Tom"));

    assertThat(r.text())
        .isEqualTo("Hi Anna,\nthanks for the photo. A new strap is on its way\n^Tom");
  }

  @Test
  void tweetWithSignOffWordsOnOneLineShouldGetTheCaretSignOff() {
    VoiceResult r = LINTER.check(tweet("Hey Anna! A new strap is on its way. Best, Tom"));

    assertThat(r.text()).isEqualTo("Hi Anna,\nA new strap is on its way.\n^Tom");
  }

  @Test
  void facebookCommentShouldGetTheDashSignOff() {
    Draft d =
        Draft.of("facebook", "Thanks for sharing your trip photos - Tom")
            .withPublic(true)
            .withCustomer("Anna", null)
            .withAgent("Tom");

    assertThat(LINTER.check(d).text())
        .isEqualTo("Hi Anna,\nThanks for sharing your trip photos\n– Tom");
  }

  @Test
  void tweetWithoutAgentNameShouldKeepTheSignOffAsWritten() {
    Draft d = tweet("Your strap is on its way ^TM").withAgent(null);

    assertThat(LINTER.check(d).text()).isEqualTo("Hi Anna,\nYour strap is on its way\n^TM");
  }

  static Stream<Draft> drafts() {
    return Stream.of(
        email("Hello!\n\nYour bag ships today.\n\nCheers"),
        email("Your bag ships today.").withCustomer(null, null).withAgent(null),
        email("Ihre Tasche ist unterwegs.").withLanguage("de"),
        email("Ihre Tasche ist unterwegs.").withLanguage("de").withAgent(null),
        email("Votre sac est en route.").withLanguage("fr").withAgent(null),
        email("Su bolsa está en camino.").withLanguage("es").withAgent(null),
        email("La Sua borsa è in viaggio.").withLanguage("it").withAgent(null),
        email("Sua bolsa está a caminho.").withLanguage("pt").withCustomer(null, null),
        tweet("@anna_k your strap is on its way"),
        tweet("Ihre Tasche ist unterwegs.").withLanguage("de").withCustomer(null, "anna_k"),
        Draft.of("instagram", "Love this shot!").withCustomer("Anna", null).withAgent("Tom"));
  }

  @ParameterizedTest
  @MethodSource("drafts")
  void fixingTheFixedTextAgainShouldChangeNothing(Draft draft) {
    VoiceResult once = LINTER.check(draft);
    VoiceResult twice = LINTER.check(draft.withText(once.text()));

    assertThat(twice.text()).isEqualTo(once.text());
    assertThat(twice.fixes()).isEmpty();
  }
}
