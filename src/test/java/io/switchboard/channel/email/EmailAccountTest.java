package io.switchboard.channel.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.config.ChannelAccount;
import io.switchboard.config.ConfigException;
import io.switchboard.config.PropertiesFile;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A mailbox's settings as written in its channel file. */
class EmailAccountTest {
  private static EmailAccount account(Map<String, String> extra) {
    Map<String, String> s = new HashMap<>(Map.of("channel", "email", "address", "Support@Example.com", "imap.host", "imap.example.com", "smtp.host", "smtp.example.com"));
    s.putAll(extra);
    return EmailAccount.from(ChannelAccount.of(new PropertiesFile("support.properties", s), "support"));
  }

  @Test
  void aFailedPollWaitsOneSecondDoublingToTwoMinutesUnlessConfigured() {
    EmailAccount plain = account(Map.of());
    assertThat(plain.retryBackoff()).isEqualTo(Duration.ofSeconds(1));
    assertThat(plain.maxBackoff()).isEqualTo(Duration.ofMinutes(2));
    assertThat(plain.address()).isEqualTo("support@example.com");

    EmailAccount set = account(Map.of("retry.backoff", "500ms", "retry.backoff.max", "30s"));
    assertThat(set.retryBackoff()).isEqualTo(Duration.ofMillis(500));
    assertThat(set.maxBackoff()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void aZeroBackoffIsRefusedWithItsKey() {
    assertThatThrownBy(() -> account(Map.of("retry.backoff.max", "0s")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("support.properties: retry.backoff.max: must be longer than zero");
  }
}
