package io.switchboard.html;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.workflow.csat.CsatPages;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplatesTest {
  @Test
  void valuesShouldBeEscapedInTextAndAttributes() {
    Map<String, Object> model = new HashMap<>();
    model.put("message", "<b>x</b> & 'q'");
    model.put("error", true);
    model.put("username", "\"><script>alert(1)</script>");

    String html = Templates.page("login.html.peb", model);

    assertThat(html)
        .contains("<p class=\"error\" id=\"login-message\" role=\"alert\">&lt;b&gt;x&lt;/b&gt; &amp; &#39;q&#39;</p>")
        .contains("value=\"&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\"")
        .doesNotContain("<script>");
  }

  @Test
  void aMissingValueShouldFailInsteadOfRenderingBlank() {
    assertThatThrownBy(() -> Templates.page("forbidden.html.peb", Map.of())).hasMessageContaining("message");
  }

  @Test
  void csatRatingLinksShouldCarryTheirTokenEscaped() {
    Map<String, Object> model = new HashMap<>();
    model.put("title", "Rate our help");
    model.put("rating", null);
    model.put("text", null);
    model.put("choices", List.of(new CsatPages.Choice("7.3.x\"y", 3, "good")));
    model.put("commentToken", null);
    model.put("maxComment", 2000);

    String html = Templates.page("csat.html.peb", model);

    assertThat(html).contains("<a class=\"rating\" href=\"/csat/7.3.x&quot;y\">3 <span>good</span></a>").doesNotContain("<form");
  }
}
