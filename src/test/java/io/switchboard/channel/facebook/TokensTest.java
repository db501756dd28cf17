package io.switchboard.channel.facebook;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TokensTest {
  @Test
  void tokenInUrlsBodiesAndTextShouldBeMasked() {
    String token = "EAAGsecret123";
    String text =
        "GET https://graph.facebook.com/v24.0/1/posts?fields=id&access_token=EAAGsecret123&limit=5 failed;"
            + " next https://x/y?after=QQ&access_token=OTHER%7Ctoken&appsecret_proof=abc"
            + " body {\"access_token\":\"EAAGsecret123\"} and EAAGsecret123 alone";

    String masked = Tokens.mask(text, token);

    assertThat(masked).doesNotContain("EAAGsecret123").doesNotContain("OTHER").doesNotContain("proof=abc");
    assertThat(masked).contains("access_token=***&limit=5").contains("after=QQ");
  }

  @Test
  void nextLinksShouldLoseTheTokenBeforeTheyAreFollowed() {
    assertThat(Graph.withoutToken("http://h/v24.0/1/comments?limit=5&access_token=T0K&after=QQ"))
        .isEqualTo("http://h/v24.0/1/comments?limit=5&after=QQ");
    assertThat(Graph.withoutToken("http://h/v24.0/1/comments?access_token=T0K")).isEqualTo("http://h/v24.0/1/comments?format=json");
  }
}
