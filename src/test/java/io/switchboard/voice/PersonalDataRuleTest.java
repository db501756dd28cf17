package io.switchboard.voice;

import static io.switchboard.voice.Shipped.fixed;
import static io.switchboard.voice.Shipped.tweet;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PersonalDataRuleTest {
  private final PersonalDataRule rule = new PersonalDataRule(Severity.BLOCK);

  private static Draft comment(String language, String text) {
    return Draft.of("facebook", text)
        .withPublic(true)
        .withLanguage(language)
        .withCustomer("Anna", null)
        .withAgent("Tom");
  }

  private List<String> found(Draft draft) {
    FixedReply reply = fixed(draft);
    return rule.check(reply).stream().map(v -> reply.text().substring(v.start(), v.end())).toList();
  }

  @Test
  void orderNumberInPublicReplyShouldBlockAndSuggestPrivateMessage() {
    FixedReply reply = fixed(tweet("Your order NW-104233 ships today."));

    assertThat(rule.check(reply))
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.rule()).isEqualTo("public-personal-data");
              assertThat(v.severity()).isEqualTo(Severity.BLOCK);
              assertThat(v.message())
                  .contains("order or booking number", "public X reply")
                  .doesNotContain("104233");
              assertThat(reply.text().substring(v.start(), v.end())).isEqualTo("NW-104233");
              assertThat(v.suggestion())
                  .isEqualTo(
                      "Hi Anna,\n"
                          + "We'd love to help with this. To keep your details safe, please send us"
                          + " a private message with your order number and we'll take it from"
                          + " there.\n"
                          + "^Tom");
            });
    assertThat(Shipped.LINTER.check(reply.draft()).blocked()).isTrue();
  }

  @Test
  void sameOrderNumberInPrivateReplyShouldPass() {
    assertThat(rule.check(fixed(tweet("Your order NW-104233 ships today.").withPublic(false))))
        .isEmpty();
  }

  @Test
  void privateMessageSuggestionShouldBeInTheConversationsLanguage() {
    FixedReply de = fixed(comment("de", "Ihre Bestellung NW-104233 ist unterwegs."));
    FixedReply fr = fixed(comment("fr", "Votre commande NW-104233 est en route."));
    FixedReply es = fixed(comment("es", "Su pedido NW-104233 está en camino."));

    assertThat(rule.check(de).get(0).suggestion())
        .startsWith("Hallo Anna,\nWir helfen Ihnen gern")
        .contains("Direktnachricht")
        .endsWith("– Tom");
    assertThat(rule.check(fr).get(0).suggestion())
        .startsWith("Bonjour Anna,")
        .contains("message privé");
    assertThat(rule.check(es).get(0).suggestion())
        .startsWith("Hola, Anna,")
        .contains("mensaje privado");
  }

  @Test
  void emailAddressInPublicReplyShouldBlock() {
    assertThat(found(tweet("We wrote to anna.k+trips@example.co.uk yesterday.")))
        .containsExactly("anna.k+trips@example.co.uk");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "Call us back on +49 30 1234567 please | +49 30 1234567",
        "Your number (555) 123-4567 is noted | (555) 123-4567",
        "On vous rappelle au 06 12 34 56 78 | 06 12 34 56 78",
        "Wir rufen Sie unter +49 (0)30 123456 an | +49 (0)30 123456"
      })
  void phoneNumberInPublicReplyShouldBlock(String text, String phone) {
    assertThat(found(tweet(text))).containsExactly(phone);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "en | We'll pick it up at 221B Baker Street tomorrow | 221B Baker Street",
        "de | Wir holen es in der Hauptstraße 5 ab | Hauptstraße 5",
        "de | Die Lieferung ging an Berliner Straße 12a | Berliner Straße 12a",
        "fr | Le colis est au 12 rue de la Paix | 12 rue de la Paix",
        "es | Lo enviamos a Calle Mayor 12 | Calle Mayor 12",
        "es | Lo enviamos a Avenida de la Constitución, 45 | Avenida de la Constitución, 45",
        "it | Lo spediamo in Via Roma 12 | Via Roma 12"
      })
  void postalAddressInPublicReplyShouldBlock(String language, String text, String address) {
    assertThat(found(comment(language, text))).containsExactly(address);
  }

  @Test
  void validCardNumberShouldBeReportedAsCard() {
    FixedReply reply = fixed(tweet("Is 4111 1111 1111 1111 your card?"));

    assertThat(rule.check(reply))
        .singleElement()
        .satisfies(v -> assertThat(v.message()).contains("card number"));
  }

  @Test
  void digitRunFailingTheLuhnCheckShouldNotBeCalledACard() {
    FixedReply reply = fixed(tweet("Reference 4111 1111 1111 1112 noted."));

    assertThat(Luhn.valid("4111 1111 1111 1111")).isTrue();
    assertThat(Luhn.valid("4111 1111 1111 1112")).isFalse();
    assertThat(rule.check(reply)).allSatisfy(v -> assertThat(v.message()).doesNotContain("card"));
  }

  @Test
  void everydayNumbersShouldNotCountAsPersonalData() {
    assertThat(found(tweet("It ships in 5 working days by road, order before 12.03.2024.")))
        .isEmpty();
    assertThat(found(tweet("We shipped via DHL 2 days ago, size 42, €129.99."))).isEmpty();
    assertThat(found(comment("fr", "Il reste 1 place disponible."))).isEmpty();
    assertThat(found(comment("de", "Ihre Tasche ist auf dem Weg zu Ihnen."))).isEmpty();
  }
}
