package io.switchboard.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.Daemon;
import io.switchboard.support.Api;
import io.switchboard.support.TestDaemon;
import io.switchboard.support.TestMail;
import io.switchboard.support.TestStore;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Every API call but health needs a stored user; roles limit what each may do. */
@ParameterizedClass(name = "{0}")
@EnumSource(TestStore.class)
@Tag("postgres")
class ApiAuthTest {
  @Parameter TestStore store;
  @TempDir static Path dir;
  static TestMail mail;
  static Daemon daemon;

  @BeforeParameterizedClassInvocation
  static void start(TestStore store) throws Exception {
    mail = new TestMail();
    daemon = TestDaemon.start(TestDaemon.config(dir.resolve(store.name()), mail.imapPort(), mail.smtpPort(), store), dir.resolve(store.name()).resolve("data"));
    daemon.services().users().create("mia", "Mia", "marketing-pw", "marketing");
  }

  @AfterParameterizedClassInvocation
  static void stop() {
    daemon.stop();
    mail.close();
  }

  @Test
  void healthShouldAnswerWithoutSigningIn() {
    Api.Response r = new Api(daemon.port(), null, null).get("/api/health");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().get("status").asText()).isEqualTo("UP");
    assertThat(r.json().get("channels").get(0).get("account").asText()).isEqualTo("email-test");
  }

  @Test
  void conversationsShouldRequireCredentials() {
    Api.Response anonymous = new Api(daemon.port(), null, null).get("/api/conversations");
    assertThat(anonymous.status()).isEqualTo(401);
    assertThat(anonymous.json().get("error").asText()).contains("sign in");

    Api.Response wrong = new Api(daemon.port(), "admin", "nope").get("/api/conversations");
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(wrong.json().get("error").asText()).contains("wrong user name or password");

    assertThat(new Api(daemon.port(), "admin", TestDaemon.ADMIN_PASSWORD).get("/api/conversations").status()).isEqualTo(200);
  }

  @Test
  void marketingShouldReadButNotReply() {
    Api marketing = new Api(daemon.port(), "mia", "marketing-pw");
    assertThat(marketing.get("/api/conversations").status()).isEqualTo(200);
    Api.Response r = marketing.post("/api/conversations/1/replies", Api.json(Map.of("text", "hi")));
    assertThat(r.status()).isEqualTo(403);
    assertThat(r.json().get("error").asText()).contains("marketing cannot reply");
  }

  @Test
  void badQueryParametersShouldGetA400WithTheReason() {
    Api admin = new Api(daemon.port(), "admin", TestDaemon.ADMIN_PASSWORD);
    Api.Response status = admin.get("/api/conversations?status=sleeping");
    assertThat(status.status()).isEqualTo(400);
    assertThat(status.json().get("error").asText()).contains("status must be one of");
    assertThat(admin.get("/api/conversations?limit=0").status()).isEqualTo(400);
    assertThat(admin.get("/api/conversations/abc").status()).isEqualTo(400);
    assertThat(admin.get("/api/nothing-here").status()).isEqualTo(404);
  }
}
