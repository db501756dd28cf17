package io.switchboard.digest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ThemeFinderTest {
  record Msg(String text) implements ThemeFinder.Source {}

  final ThemeFinder finder = ThemeFinder.packaged();

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
  void stopWordsAloneShouldMakeNoTheme() {
    assertThat(finder.find(List.of(new Msg("I am not and you are"), new Msg("I am not and you are")), 5)).isEmpty();
  }

  @Test
  void countShouldCountMessagesOncePerKey() {
    assertThat(finder.count(List.of(new Msg("lost luggage, lost luggage"), new Msg("no")), Set.of("lost luggage")))
        .containsEntry("lost luggage", 1);
  }
}
