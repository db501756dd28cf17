package io.switchboard.nlp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ComplaintEventsTest {
  private final ComplaintEvents events = ComplaintEvents.load();

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "My order 4411 was due on the 3rd, today is the 12th | not-arrived",
        "Hi, you charged me twice for order 5520 | charged",
        "You cancelled my booking without telling me | cancelled",
        "Third email, still no answer | no-reply",
        "Refund still not received after 3 weeks | refund",
        "The box came without the charger | missing",
        "The wheel on my carry-on snapped off on its second trip | broken",
        "Mein Paket ist immer noch nicht angekommen | not-arrived",
        "Sie haben doppelt abgebucht | charged",
        "Colis toujours pas reçu, commande 1234 | not-arrived",
        "Il manque une pièce dans le carton | missing",
        "Me cobraron dos veces el mismo pedido | charged",
        "Me enviaron otro color, producto equivocado | wrong-item",
        "Ho ricevuto un articolo sbagliato | wrong-item",
        "Não recebi o reembolso ainda, cadê meu reembolso | refund",
        "O pedido nunca chegou | not-arrived",
        "Flight delayed 3 hours and counting, gate B4 | late",
        "Unser ICE hat heute 40 Minuten Verspätung | late",
        "Le TER de 7h12 a encore 25 min de retard | late",
        "El regional llegó con retraso otra vez | late",
        "Il regionale delle 7:42 è soppresso anche oggi | late",
        "O voo está atrasado e ninguém informa nada | late",
        "The box arrived today but the charging case was not inside | missing",
        "Fourth time I'm writing about this | no-reply",
        "Fenomenal, cuarto correo y cuarta respuesta automática | no-reply",
        "Seit Freitag kein Netz in der ganzen Straße | broken",
      })
  void findsComplaintsStatedAsEvents(String text, String kind) {
    assertThat(events.find(text)).hasValueSatisfying(e -> assertThat(e.kind()).isEqualTo(kind));
    assertThat(events.phrase(text)).isNotEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "Will the Transit 40L fit as cabin luggage?",
        "Is this the 45 or the 55? It looks huge on you!",
        "Order NW-48213 if that helps.",
        "When will order 2231 ship?",
        "What if it arrives broken, can I return it?",
        "Thanks so much, the replacement arrived today and works perfectly",
        "Kann ich die Lieferadresse ändern?",
        "Merci beaucoup, tout est parfait",
        "¿Hacen envíos a Canarias?",
        "Adoro questa giacca!",
        "Vocês entregam no sábado?",
        "Is my flight to Lisbon on time today?",
        "Customer since 2011 and still in love with your jackets",
      })
  void leavesQuestionsAndPraiseAlone(String text) {
    assertThat(events.find(text)).isEmpty();
    assertThat(events.phrase(text)).isEmpty();
  }

  @org.junit.jupiter.api.Test
  void reasonNamesThePhrase() {
    assertThat(events.find("charged twice for one order").orElseThrow().reason())
        .isEqualTo("complaint event: 'charged twice'");
  }
}
