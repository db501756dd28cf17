package io.switchboard.workflow.csat;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Signed rating tokens: what they carry, and that nothing else passes. */
class RatingLinksTest {
  private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
  private static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");
  private final RatingLinks links = new RatingLinks(KEY, Clock.fixed(NOW, ZoneOffset.UTC));

  @Test
  void aTokenShouldCarryItsConversationAndRatingUntilItExpires() {
    Instant expires = NOW.plus(Duration.ofDays(14));
    String token = links.token(42, 4, expires);
    assertThat(links.check(token)).isEqualTo(new RatingLinks.Checked.Valid(42, 4, Instant.ofEpochSecond(expires.getEpochSecond())));
  }

  @Test
  void anExpiredTokenShouldBeToldApartFromAForgedOne() {
    String token = links.token(42, 4, NOW.minusSeconds(1));
    assertThat(links.check(token)).isEqualTo(new RatingLinks.Checked.Expired(42));
    // the expiry is signed too: pushing it later breaks the signature
    String[] parts = token.split("\\.");
    String extended = parts[0] + "." + parts[1] + "." + (Long.parseLong(parts[2]) + 86400) + "." + parts[3];
    assertThat(links.check(extended)).isInstanceOf(RatingLinks.Checked.Invalid.class);
  }

  @Test
  void changingAnyPartOrTheKeyShouldInvalidateTheToken() {
    String token = links.token(42, 4, NOW.plusSeconds(3600));
    String[] p = token.split("\\.");
    assertThat(links.check(p[0] + ".5." + p[2] + "." + p[3])).isInstanceOf(RatingLinks.Checked.Invalid.class);
    assertThat(links.check("43." + p[1] + "." + p[2] + "." + p[3])).isInstanceOf(RatingLinks.Checked.Invalid.class);
    assertThat(links.check(token.substring(0, token.length() - 1) + (token.endsWith("A") ? "B" : "A"))).isInstanceOf(RatingLinks.Checked.Invalid.class);
    assertThat(links.check("not-a-token")).isInstanceOf(RatingLinks.Checked.Invalid.class);
    assertThat(links.check("")).isInstanceOf(RatingLinks.Checked.Invalid.class);
    RatingLinks otherKey = new RatingLinks("another key another key another k".getBytes(StandardCharsets.UTF_8), Clock.fixed(NOW, ZoneOffset.UTC));
    assertThat(otherKey.check(token)).isInstanceOf(RatingLinks.Checked.Invalid.class);
  }
}
