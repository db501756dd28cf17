package io.switchboard.voice;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every shipped template, on every channel and visibility it allows, passes the linter cleanly. */
class ShippedTemplatesTest {

  record Use(Template template, String channel, boolean isPublic) {
    @Override
    public String toString() {
      return template.language()
          + "/"
          + template.id()
          + " on "
          + channel
          + (isPublic ? " (public)" : " (private)");
    }
  }

  static Stream<Use> uses() {
    List<Use> uses = new ArrayList<>();
    for (Template t : Shipped.GUIDE.templates().all()) {
      for (String channel : t.channels()) {
        for (boolean isPublic : new boolean[] {false, true}) {
          boolean canBePublic = !channel.equals("email");
          if (t.visibility().allows(isPublic) && (canBePublic || !isPublic)) {
            uses.add(new Use(t, channel, isPublic));
          }
        }
      }
    }
    return uses.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("uses")
  void templateShouldPassTheLinterWhereverItMayBeUsed(Use use) {
    Map<String, String> values = Placeholders.values(Shipped.GUIDE.brand(), "Anna", "Tom");
    Draft draft =
        Draft.of(use.channel(), use.template().render(values))
            .withPublic(use.isPublic())
            .withLanguage(use.template().language())
            .withCustomer("Anna", "anna_k")
            .withAgent("Tom");

    VoiceResult result = Shipped.LINTER.check(draft);

    assertThat(result.violations()).as(result.text()).isEmpty();
    assertThat(result.score()).isEqualTo(100);
  }
}
