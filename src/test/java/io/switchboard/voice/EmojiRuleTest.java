package io.switchboard.voice;

import static io.switchboard.voice.Shipped.email;
import static io.switchboard.voice.Shipped.fixed;
import static io.switchboard.voice.Shipped.tweet;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EmojiRuleTest {
  private final EmojiRule rule = new EmojiRule(Severity.WARN);

  @Test
  void emojiInEmailShouldWarn() {
    FixedReply reply = fixed(email("Enjoy the trip 😊"));

    assertThat(rule.check(reply))
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.severity()).isEqualTo(Severity.WARN);
              assertThat(v.message()).isEqualTo("Email replies use no emoji.");
              assertThat(reply.text().substring(v.start(), v.end())).isEqualTo("😊");
            });
  }

  @Test
  void oneEmojiOnXShouldPass() {
    assertThat(rule.check(fixed(tweet("Enjoy the trip ✈️")))).isEmpty();
  }

  @Test
  void secondEmojiOnXShouldWarnOnTheSecondOnly() {
    FixedReply reply = fixed(tweet("Enjoy the trip ✈️ and the beach 🏖️"));

    assertThat(rule.check(reply))
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.message()).isEqualTo("At most 1 emoji on X; this reply has 2.");
              assertThat(reply.text().substring(v.start(), v.end())).isEqualTo("🏖️");
            });
  }

  @Test
  void flagsSkinTonesFamiliesAndKeycapsShouldEachCountAsOne() {
    assertThat(Emoji.count("🇩🇪")).isEqualTo(1);
    assertThat(Emoji.count("👍🏽")).isEqualTo(1);
    assertThat(Emoji.count("👨‍👩‍👧")).isEqualTo(1);
    assertThat(Emoji.count("1️⃣")).isEqualTo(1);
    assertThat(Emoji.count("Größe 42, Preis 99 € – ok?")).isZero();
  }

  @Test
  void instagramShouldAllowThree() {
    Draft d = Draft.of("instagram", "Love it 😍🏔️🎒").withCustomer("Anna", null).withAgent("Tom");

    assertThat(rule.check(fixed(d))).isEmpty();
    assertThat(rule.check(fixed(d.withText("Love it 😍🏔️🎒🌞")))).hasSize(1);
  }
}
