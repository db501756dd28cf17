package io.switchboard.workflow.nps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.workflow.csat.RatingLinks;
import io.switchboard.workflow.csat.SignedLinks;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** NPS tokens share the CSAT key and code but not the domain: one never passes as the other. */
class NpsLinksTest {
  private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
  private static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");
  private static final Instant EXPIRES = NOW.plus(Duration.ofDays(14));
  private final NpsLinks nps = new NpsLinks(KEY, Clock.fixed(NOW, ZoneOffset.UTC));
  private final RatingLinks csat = new RatingLinks(KEY, Clock.fixed(NOW, ZoneOffset.UTC));

  @Test
  void aScoreTokenShouldCarryItsSurveyAndScore() {
    assertThat(nps.check(nps.token(7, 10, EXPIRES)))
        .isEqualTo(new SignedLinks.Checked.Valid(7, 10, Instant.ofEpochSecond(EXPIRES.getEpochSecond())));
    assertThat(nps.check(nps.token(7, NpsLinks.CHOOSE, EXPIRES))).isInstanceOf(SignedLinks.Checked.Valid.class);
    assertThatThrownBy(() -> nps.token(7, 12, EXPIRES)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> csat.token(7, 6, EXPIRES)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aTokenOfOneSurveyShouldBeInvalidForTheOther() {
    for (int value = 0; value <= 5; value++) {
      assertThat(nps.check(csat.token(7, value, EXPIRES))).isInstanceOf(SignedLinks.Checked.Invalid.class);
      assertThat(csat.check(nps.token(7, value, EXPIRES))).isInstanceOf(SignedLinks.Checked.Invalid.class);
    }
  }
}
