package io.switchboard.digest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ThemeFinderTest {
  record Msg(String text) implements ThemeFinder.Source {}

  final ThemeFinder finder = ThemeFinder.packaged();

  /** A refund that has not arrived, in the six languages, each with an order number and filler. */
  static final List<Msg> REFUND_NOT_RECEIVED =
      List.of(
          new Msg("Hi, I returned the jacket (order NW-104233) three weeks ago and my refund still hasn't arrived. Please help!"),
          new Msg("Hallo, Bestellung NW-104118 zurückgeschickt, aber die Rückerstattung ist immer noch nicht angekommen. Danke"),
          new Msg("Bonjour, commande NW-104390 retournée il y a deux semaines, toujours pas de remboursement reçu. Merci"),
          new Msg("Hola, devolví el pedido NW-104690 hace un mes y el reembolso no ha llegado todavía. Gracias"),
          new Msg("Buongiorno, ordine NW-104744 reso da un mese, il rimborso non è ancora arrivato."),
          new Msg("Olá, devolvi a encomenda NW-104801 e o reembolso ainda não chegou. Obrigado"));

  /** Unhappy messages that share only identifiers, handles, links and customer-service filler. */
  static final List<Msg> FILLER =
      List.of(
          new Msg("@NorthwindGear order NW-104679 still nothing, please help!!"),
          new Msg("Order NW-104680 - hello?? Nothing yet. https://track.example.com/NW-104680"),
          new Msg("Hi, order number NW-104681, please call me, jo@example.com, thanks"),
          new Msg("#fail @NorthwindGear day 5 and nothing. Order #NW-104682"),
          new Msg("Ordered on Monday, still nothing, please help. Order NW-104683, thanks"),
          new Msg("@NorthwindGear hi, any news on order NW-104684? Nothing for days, please reply to jo@example.com"),
          new Msg("I want to change the delivery address of my order, it is a disaster"),
          new Msg("Why can I not change the delivery address online? Terrible"),
          new Msg("Changing the delivery address is impossible on your site, awful"));

  /** Messages of the same period that are not negative: orders, addresses, thanks. */
  static final List<Msg> OTHERS =
      List.of(
          new Msg("Thanks, order NW-104600 arrived quickly, please pass on my thanks"),
          new Msg("Please change the delivery address on order NW-104601 to my office"),
          new Msg("Could you change the delivery address of order NW-104602? Thanks!"),
          new Msg("Can I change the delivery address? Order NW-104603"),
          new Msg("Hi, I need to change the delivery address for order NW-104604"),
          new Msg("Hello, please change the delivery address, order NW-104605. Thanks"),
          new Msg("@NorthwindGear love the Atlas 45, best bag ever"),
          new Msg("Hi, does the Transit 30 fit under the seat? Thanks"));

  @Test
  void variantsOfOneComplaintShouldFallIntoOneTheme() {
    List<Msg> messages =
        List.of(
            new Msg("I lost my luggage in Paris"),
            new Msg("My bag is missing!!"),
            new Msg("Bags lost again, thanks for nothing"),
            new Msg("Where is my suitcase? It was lost in transit"),
            new Msg("The app crashes"));
    List<ThemeFinder.Found<Msg>> found = finder.find(messages, 5);
    assertThat(found).isNotEmpty();
    assertThat(found.get(0).key()).isEqualTo("lost luggage");
    assertThat(found.get(0).label()).isEqualTo("lost luggage");
    assertThat(found.get(0).messages()).hasSize(4);
    assertThat(found.get(0).wordings()).contains("lost luggage", "bag missing", "bags lost");
  }

  @Test
  void themesShouldMeetAcrossLanguages() {
    List<Msg> messages =
        List.of(
            new Msg("Mein Koffer ist verloren gegangen"),
            new Msg("J'ai perdu ma valise à Lyon"),
            new Msg("Maleta perdida en Madrid"),
            new Msg("Ho perso la valigia"));
    ThemeFinder.Found<Msg> top = finder.find(messages, 3).get(0);
    assertThat(top.key()).isEqualTo("lost luggage");
    assertThat(top.messages()).hasSize(4);
  }

  @Test
  void seededComplaintShouldBeTheTopThemeWithItsExactCountInSixLanguages() {
    List<Msg> negative = new ArrayList<>(REFUND_NOT_RECEIVED);
    negative.addAll(FILLER);
    List<ThemeFinder.Found<Msg>> found = finder.find(negative, OTHERS, 8);
    assertThat(found).isNotEmpty();
    ThemeFinder.Found<Msg> top = found.get(0);
    assertThat(top.key()).isEqualTo("received refund");
    assertThat(top.label()).isEqualTo("refund arrived");
    assertThat(top.messages()).containsExactlyInAnyOrderElementsOf(REFUND_NOT_RECEIVED);
    assertThat(top.wordings()).contains("remboursement reçu", "rückerstattung angekommen", "reembolso chegou");
  }

  @Test
  void identifiersHandlesLinksAndFillerShouldNeverBeThemes() {
    List<Msg> negative = new ArrayList<>(REFUND_NOT_RECEIVED);
    negative.addAll(FILLER);
    for (List<ThemeFinder.Found<Msg>> found : List.of(finder.find(negative, OTHERS, 8), finder.find(FILLER, 8))) {
      for (ThemeFinder.Found<Msg> t : found) {
        assertThat(t.label()).doesNotContainPattern("\\d");
        assertThat(t.key().split(" "))
            .as(t.key())
            .doesNotContain("nw", "northwindgear", "example", "com", "http", "https", "track", "jo");
        assertThat(t.key()).as("generic words only").isNotIn(
            "order", "nothing", "please", "help", "hi", "thanks", "day", "number", "still", "nothing order");
        if (!t.key().contains(" ")) {
          assertThat(t.key()).as("a one-word theme is a complaint on its own").isIn(
              "lost", "delay", "refund", "broken", "wrong", "charge", "wait", "rude", "reply", "crash", "invalid");
        }
      }
    }
    // without a background, the one real complaint among the filler: the delivery address
    assertThat(finder.find(FILLER, 8)).extracting(ThemeFinder.Found::key).containsExactly("address delivery");
  }

  @Test
  void identifiersShouldBeCutBeforeWordsAreRead() {
    List<String> words =
        finder.clauses("Order #NW-55501 for @brand: see https://x.test/a/NW-1 or mail jo@shop.test, code AUTUMN20 at 14:12")
            .stream()
            .flatMap(List::stream)
            .map(w -> w[1])
            .toList();
    assertThat(words).containsExactly("order", "see", "mail", "code");
  }

  @Test
  void phrasesSaidEverywhereShouldSinkAgainstTheBackground() {
    List<Msg> negative = new ArrayList<>(REFUND_NOT_RECEIVED);
    negative.addAll(FILLER);
    assertThat(finder.find(negative, 8)).extracting(ThemeFinder.Found::key).contains("address delivery");
    assertThat(finder.find(negative, OTHERS, 8)).extracting(ThemeFinder.Found::key).noneMatch(k -> k.contains("address"));
  }

  @Test
  void noMessageShouldBeInTwoThemes() {
    List<Msg> negative = new ArrayList<>(REFUND_NOT_RECEIVED);
    negative.addAll(FILLER);
    negative.addAll(
        List.of(
            new Msg("The wheel snapped off on the second trip and my refund request got no reply"),
            new Msg("Wheel snapped at the airport, no reply to my emails"),
            new Msg("Une roulette cassée dès le premier voyage"),
            new Msg("Still no reply, still no refund")));
    List<ThemeFinder.Found<Msg>> found = finder.find(negative, OTHERS, 8);
    assertThat(found).extracting(ThemeFinder.Found::key).contains("broken wheel");
    Set<Msg> seen = new HashSet<>();
    for (ThemeFinder.Found<Msg> t : found) {
      assertThat(t.messages()).allSatisfy(m -> assertThat(seen.add(m)).as(m.text()).isTrue());
    }
  }

  @Test
  void stopWordsAloneShouldMakeNoTheme() {
    assertThat(finder.find(List.of(new Msg("I am not and you are"), new Msg("I am not and you are")), 5)).isEmpty();
  }

  @Test
  void countShouldCountMessagesOncePerTheme() {
    List<ThemeFinder.Found<Msg>> themes = finder.find(List.of(new Msg("lost luggage"), new Msg("bag lost")), 3);
    assertThat(finder.count(List.of(new Msg("lost luggage, lost luggage"), new Msg("My suitcase went missing"), new Msg("no")), themes))
        .containsEntry("lost luggage", 2);
  }
}
