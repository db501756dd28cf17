package io.switchboard.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** Which webhook URLs are refused, and why, without a network: only address literals. */
class WebhookTargetTest {
  @Test
  void internalAddressesShouldBeNamedByKind() throws Exception {
    assertThat(WebhookTarget.internal(InetAddress.getByName("127.0.0.1"))).isEqualTo("loopback");
    assertThat(WebhookTarget.internal(InetAddress.getByName("::1"))).isEqualTo("loopback");
    assertThat(WebhookTarget.internal(InetAddress.getByName("0.0.0.0"))).isEqualTo("wildcard");
    assertThat(WebhookTarget.internal(InetAddress.getByName("169.254.169.254"))).isEqualTo("link-local");
    assertThat(WebhookTarget.internal(InetAddress.getByName("fe80::1"))).isEqualTo("link-local");
    assertThat(WebhookTarget.internal(InetAddress.getByName("192.168.0.10"))).isEqualTo("private");
    assertThat(WebhookTarget.internal(InetAddress.getByName("172.16.5.4"))).isEqualTo("private");
    assertThat(WebhookTarget.internal(InetAddress.getByName("fd12:3456::1"))).isEqualTo("private");
    assertThat(WebhookTarget.internal(InetAddress.getByName("100.64.1.1"))).isEqualTo("private");
    assertThat(WebhookTarget.internal(InetAddress.getByName("224.0.0.1"))).isEqualTo("multicast");
    assertThat(WebhookTarget.internal(InetAddress.getByName("93.184.216.34"))).isNull();
    assertThat(WebhookTarget.internal(InetAddress.getByName("2606:2800:220:1::1"))).isNull();
  }

  @Test
  void onlyHttpUrlsWithAHostAndNoPasswordShouldPass() {
    assertThatThrownBy(() -> WebhookTarget.check("gopher://93.184.216.34/", false)).hasMessage("url must be http or https, not 'gopher'");
    assertThatThrownBy(() -> WebhookTarget.check("not a url", false)).hasMessageStartingWith("url ");
    assertThatThrownBy(() -> WebhookTarget.check("https://user:pw@93.184.216.34/", false)).hasMessageContaining("user name or password");
    assertThatThrownBy(() -> WebhookTarget.check("http://[::1]:8080/x", false)).hasMessageContaining("loopback").hasMessageContaining("allowPrivate");
    assertThat(WebhookTarget.check("http://[::1]:8080/x", true).getPort()).isEqualTo(8080);
    assertThat(WebhookTarget.check("https://93.184.216.34/hook?x=1", false).getHost()).isEqualTo("93.184.216.34");
    assertThat(WebhookDeliverer.where(WebhookTarget.check("https://93.184.216.34/hook?token=s3cret", false)))
        .isEqualTo("https://93.184.216.34/hook");
  }
}
