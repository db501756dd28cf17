package io.switchboard.channel.x;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Length as X counts it, splitting into numbered posts, and comparing texts X has touched. */
class XTextTest {

  @Test
  void latinTextShouldCountOnePerCharacter() {
    assertThat(XText.weightedLength("Hello, Kim! Ça va?")).isEqualTo(18);
  }

  @Test
  void cjkShouldCountTwoPerCharacter() {
    assertThat(XText.weightedLength("日本語")).isEqualTo(6);
  }

  @Test
  void emojiSequencesShouldCountTwoEach() {
    assertThat(XText.weightedLength("👍")).isEqualTo(2);
    assertThat(XText.weightedLength("👍🏽")).isEqualTo(2);
    assertThat(XText.weightedLength("👨‍👩‍👧")).isEqualTo(2);
    assertThat(XText.weightedLength("❤️")).isEqualTo(2);
    assertThat(XText.weightedLength("🇩🇪🇫🇷")).isEqualTo(4);
    assertThat(XText.weightedLength("#️⃣")).isEqualTo(2);
  }

  @Test
  void everyLinkShouldCountTwentyThree() {
    assertThat(XText.weightedLength("https://northwind.example/returns/form?order=NW-48213&lang=en")).isEqualTo(23);
    assertThat(XText.weightedLength("see northwind.com.")).isEqualTo(4 + 23 + 1);
    assertThat(XText.weightedLength("mail support@northwind.com")).isEqualTo(26);
  }

  @Test
  void decomposedAccentsShouldCountAsTheComposedCharacter() {
    assertThat(XText.weightedLength("Cafe\u0301")).isEqualTo(4);
  }

  @Test
  void longTextShouldSplitIntoNumberedPostsWithinTheLimitAtSpaces() {
    String text = "We are sorry about the wheel. ".repeat(25).strip();

    List<String> posts = XText.split("@mayaroams ", text);

    assertThat(posts).hasSize(3);
    for (int i = 0; i < posts.size(); i++) {
      assertThat(posts.get(i)).startsWith("@mayaroams ").endsWith(" (" + (i + 1) + "/3)");
      assertThat(XText.weightedLength(posts.get(i))).isLessThanOrEqualTo(280);
    }
    String joined = String.join(" ", posts.stream().map(p -> p.substring(11, p.lastIndexOf(" ("))).toList());
    assertThat(joined).isEqualTo(text);
  }

  @Test
  void splitShouldNeverCutALink() {
    String link = "https://northwind.example/" + "a".repeat(300);
    List<String> posts = XText.split("", "x ".repeat(130) + link + " done");

    assertThat(posts).anySatisfy(p -> assertThat(p).contains(link));
    posts.forEach(p -> assertThat(XText.weightedLength(p)).isLessThanOrEqualTo(280));
  }

  @Test
  void comparableShouldIgnoreWhatXChangesInAPost() {
    assertThat(XText.comparable("@kim  Fish &amp; chips at https://t.co/abc123"))
        .isEqualTo(XText.comparable("@kim Fish & chips at https://northwind.example/menu"));
  }

  @Test
  void subjectShouldDropLeadingMentionsAndStayShort() {
    assertThat(XText.subject("@NorthwindGear @other my bag\nsecond line")).isEqualTo("my bag");
    assertThat(XText.subject("@NorthwindGear " + "word ".repeat(40)).length()).isLessThanOrEqualTo(71);
  }
}
