package io.switchboard.voice;

import static io.switchboard.voice.Shipped.fixed;
import static io.switchboard.voice.Shipped.tweet;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LengthRuleTest {
  private final LengthRule rule = new LengthRule(Severity.BLOCK);

  /** A tweet whose fixed text plus "@anna_k " is exactly {@code total} long. */
  private static Draft tweetOfLength(int total) {
    int overhead = fixed(tweet("a")).text().length() - 1 + "@anna_k ".length();
    return tweet("a".repeat(total - overhead));
  }

  @Test
  void publicXReplyOfExactly280IncludingHandleShouldPass() {
    FixedReply reply = fixed(tweetOfLength(280));

    assertThat(reply.text().length() + "@anna_k ".length()).isEqualTo(280);
    assertThat(rule.check(reply)).isEmpty();
  }

  @Test
  void publicXReplyOf281IncludingHandleShouldBlockWithoutTruncating() {
    FixedReply reply = fixed(tweetOfLength(281));

    List<Violation> found = rule.check(reply);

    assertThat(found)
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.rule()).isEqualTo("max-length");
              assertThat(v.severity()).isEqualTo(Severity.BLOCK);
              assertThat(v.message())
                  .contains(
                      "281 characters",
                      "\"@anna_k \"",
                      "limit is 280",
                      "Shorten it by 1",
                      "never cut short");
              assertThat(v.start()).isEqualTo(reply.text().length() - 1);
              assertThat(v.end()).isEqualTo(reply.text().length());
            });
    assertThat(Shipped.LINTER.check(reply.draft()).text()).isEqualTo(reply.text());
  }

  @Test
  void handleShouldBeWhatTipsAReplyOverTheLimit() {
    Draft withoutHandle = tweetOfLength(280 + "@anna_k ".length()).withCustomer("Anna", null);

    assertThat(rule.check(fixed(withoutHandle))).isEmpty();
    assertThat(rule.check(fixed(withoutHandle.withCustomer("Anna", "anna_k")))).hasSize(1);
  }

  @Test
  void emojiAndLinksShouldCountTheWayXCountsThem() {
    // 🧳 counts 2, any link 23
    String body =
        "Our packing guide: https://northwind.example/guides/packing-light-for-long-trips 🧳";
    FixedReply reply = fixed(tweet(body));

    int expected =
        "@anna_k ".length()
            + "Hi Anna,\n".length()
            + "Our packing guide: ".length()
            + 23
            + 1
            + 2
            + "\n^Tom".length();
    assertThat(
            TextLength.length("@anna_k " + reply.text(), ChannelPolicy.LengthCounting.X_WEIGHTED))
        .isEqualTo(expected);
  }

  @Test
  void japaneseTextShouldCountDoubleOnX() {
    assertThat(TextLength.length("ありがとう", ChannelPolicy.LengthCounting.X_WEIGHTED)).isEqualTo(10);
    assertThat(TextLength.length("ありがとう", ChannelPolicy.LengthCounting.CHARACTERS)).isEqualTo(5);
  }

  @Test
  void xDirectMessageShouldHaveTheLongerLimit() {
    Draft dm = tweet("a".repeat(5000)).withPublic(false);

    assertThat(rule.check(fixed(dm))).isEmpty();
    assertThat(rule.check(fixed(dm.withText("a".repeat(10_001)))))
        .singleElement()
        .satisfies(v -> assertThat(v.message()).contains("X private message", "limit is 10000"));
  }

  @Test
  void facebookCommentShouldBlockOver8000Characters() {
    Draft comment =
        Draft.of("facebook", "").withPublic(true).withCustomer("Anna", null).withAgent("Tom");
    int overhead = fixed(comment.withText("a")).text().length() - 1;

    assertThat(rule.check(fixed(comment.withText("a".repeat(8000 - overhead))))).isEmpty();
    assertThat(rule.check(fixed(comment.withText("a".repeat(8001 - overhead)))))
        .singleElement()
        .satisfies(v -> assertThat(v.message()).contains("Facebook public reply", "8001", "8000"));
  }

  @Test
  void facebookMessengerReplyShouldBlockOver2000Characters() {
    Draft message =
        Draft.of("facebook", "a".repeat(2500)).withCustomer("Anna", null).withAgent("Tom");

    assertThat(rule.check(fixed(message)))
        .singleElement()
        .satisfies(v -> assertThat(v.message()).contains("limit is 2000"));
  }

  @Test
  void instagramCommentShouldBlockOver2200Characters() {
    Draft comment = Draft.of("instagram", "a".repeat(2300)).withPublic(true).withAgent("Tom");

    assertThat(rule.check(fixed(comment)))
        .singleElement()
        .satisfies(v -> assertThat(v.message()).contains("limit is 2200"));
  }

  @Test
  void emailShouldHaveNoLengthLimit() {
    Draft longEmail = Shipped.email("word ".repeat(20_000));

    assertThat(rule.check(fixed(longEmail))).isEmpty();
  }
}
