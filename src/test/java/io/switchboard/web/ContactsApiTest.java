package io.switchboard.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.sim.x.XApiSimulator;
import io.switchboard.support.Api;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One customer across channels against the real daemon: a customer who emails and writes on X is
 * suggested as one with the reasons, merged, undone exactly, split; merging a contact with itself
 * is refused and changes nothing.
 */
class ContactsApiTest {
  @TempDir static Path dir;
  static XApiSimulator x;
  static WebFixture app;
  static Api ada;

  @BeforeAll
  static void start() throws Exception {
    x = XApiSimulator.builder().bearerToken(WebFixture.X_TOKEN).start();
    app = new WebFixture(dir, x);
    ada = new Api(app.port(), "ada", WebFixture.PASSWORD);
  }

  @AfterAll
  static void stop() {
    app.close();
    x.close();
  }

  /** A customer email with the sender's name, as mail clients send it. */
  static long emailFrom(String name, String address, String subject, String body) {
    String id = "<" + Math.abs(subject.hashCode()) + "." + System.nanoTime() + "@customer.test>";
    return app.deliver(
        io.switchboard.support.TestMail.email(address, id, subject, body, null).replace("From: Customer <", "From: " + name + " <"), subject);
  }

  private static long contactOf(long conversationId) {
    return app.admin.ok("/api/conversations/" + conversationId).get("contact").get("id").asLong();
  }

  private static List<String> contactRows() {
    return app.daemon.services().jdbi().withHandle(h ->
        h.createQuery("SELECT id || ':' || COALESCE(CAST(merged_into AS VARCHAR(20)), '-') FROM contact ORDER BY id").mapTo(String.class).list());
  }

  private static int count(String sql) {
    return app.daemon.services().jdbi().withHandle(h -> h.createQuery(sql).mapTo(Integer.class).one());
  }

  private static List<Long> conversationIds(JsonNode person) {
    List<Long> ids = new ArrayList<>();
    person.get("conversations").forEach(c -> ids.add(c.get("id").asLong()));
    return ids;
  }

  @Test
  void aCustomerWhoEmailsAndWritesOnXShouldBeSuggestedMergedUndoneAndSplit() {
    long mail = emailFrom("Maya Lindqvist", "maya.lindqvist@example.com", "Broken wheel, order NW-48213",
        "Hello,\n\nthe wheel of my Meridian carry-on (order NW-48213) snapped off. I also wrote to you on X as @mayaroams.\n\n"
            + "Maya Lindqvist\n");
    app.tag(mail, "negative", "normal", "en", null);
    XApiSimulator.User maya = x.user("mayaroams", "Maya Lindqvist");
    x.dmFromCustomer(maya, "Hi, any news about order NW-48213? The wheel is still broken.");
    long dm = app.awaitX("Hi, any news about order NW-48213? The wheel is still broken.");
    long emailContact = contactOf(mail);
    long xContact = contactOf(dm);
    assertThat(emailContact).isNotEqualTo(xContact);

    JsonNode fromMail = ada.ok("/api/contacts/" + emailContact + "/suggestions").get("suggestions");
    assertThat(fromMail).hasSize(1);
    assertThat(fromMail.get(0).get("contactId").asLong()).isEqualTo(xContact);
    assertThat(fromMail.get(0).get("proven").asBoolean()).isFalse();
    assertThat(fromMail.get(0).get("reasons").toString())
        .contains("X handle @mayaroams mentioned in an email")
        .contains("same name (Maya Lindqvist) and order NW-48213");
    JsonNode fromX = ada.ok("/api/contacts/" + xContact + "/suggestions").get("suggestions");
    assertThat(fromX.get(0).get("contactId").asLong()).as("the other way round").isEqualTo(emailContact);

    // bad input: nothing changes
    List<String> before = contactRows();
    Api.Response self = ada.post("/api/contacts/" + emailContact + "/merge", Api.json(Map.of("other", emailContact)));
    assertThat(self.status()).isEqualTo(400);
    assertThat(self.json().get("error").asText()).contains("cannot merge contact " + emailContact + " with itself");
    assertThat(ada.post("/api/contacts/" + emailContact + "/merge", "{\"other\": \"x\"}").status()).isEqualTo(400);
    assertThat(ada.post("/api/contacts/" + emailContact + "/merge", Api.json(Map.of("other", 999_999))).status()).isEqualTo(404);
    assertThat(new Api(app.port(), "mia", WebFixture.PASSWORD)
        .post("/api/contacts/" + emailContact + "/merge", Api.json(Map.of("other", xContact))).status()).as("marketing reads only").isEqualTo(403);
    assertThat(contactRows()).isEqualTo(before);

    // merge: one customer with both conversations and every identity
    Api.Response merged = ada.post("/api/contacts/" + emailContact + "/merge", Api.json(Map.of("other", xContact, "reason", "same person")));
    assertThat(merged.status()).as(merged.body()).isEqualTo(200);
    long mergeId = merged.json().get("merge").get("id").asLong();
    JsonNode person = ada.ok("/api/contacts/" + xContact);
    assertThat(person.get("id").asLong()).as("a merged contact answers for its person").isEqualTo(emailContact);
    assertThat(conversationIds(person)).containsExactlyInAnyOrder(mail, dm);
    assertThat(person.get("conversations").findValuesAsText("sentiment")).contains("negative");
    assertThat(person.get("identities").findValuesAsText("kind")).containsExactlyInAnyOrder("email", "x-user-id", "x-handle");
    assertThat(person.get("identities").findValuesAsText("handle")).contains("maya.lindqvist@example.com", maya.id(), "@mayaroams");
    // X proved its user id; nobody proved the email's From address (ADR 0045)
    for (JsonNode i : person.get("identities")) {
      if (i.get("kind").asText().equals("email")) {
        assertThat(i.get("verified").asBoolean()).as("an email From address").isFalse();
      }
      if (i.get("kind").asText().equals("x-user-id")) {
        assertThat(i.get("verified").asBoolean()).as("the X user id").isTrue();
      }
    }
    // the inbox list by contact lists the whole person, whichever of its contacts is asked for
    for (long asked : List.of(emailContact, xContact)) {
      List<Long> listed = new java.util.ArrayList<>();
      ada.ok("/api/conversations?contact=" + asked).get("items").forEach(c -> listed.add(c.get("id").asLong()));
      assertThat(listed).as("contact=" + asked).containsExactlyInAnyOrder(mail, dm);
    }
    assertThat(ada.ok("/api/contacts/" + emailContact + "/suggestions").get("suggestions")).as("nothing left to suggest").isEmpty();
    Api.Response again = ada.post("/api/contacts/" + xContact + "/merge", Api.json(Map.of("other", emailContact)));
    assertThat(again.status()).isEqualTo(400);
    assertThat(again.json().get("error").asText()).contains("one customer already");

    // audited, and in each conversation's activity
    assertThat(count("SELECT COUNT(*) FROM audit_log WHERE action = 'contact.merge' AND actor = 'ada' AND target_id = " + emailContact))
        .isEqualTo(1);
    for (long c : List.of(mail, dm)) {
      assertThat(ada.ok("/api/conversations/" + c + "/activity").get("items").findValuesAsText("kind")).contains("contact-merged");
    }

    // undo restores exactly what was there
    Api.Response undone = ada.post("/api/contacts/" + emailContact + "/merges/" + mergeId + "/undo", "{}");
    assertThat(undone.status()).as(undone.body()).isEqualTo(200);
    assertThat(contactRows()).isEqualTo(before);
    assertThat(conversationIds(ada.ok("/api/contacts/" + xContact))).containsExactly(dm);
    assertThat(ada.post("/api/contacts/" + emailContact + "/merges/" + mergeId + "/undo", "{}").status()).as("undone twice").isEqualTo(409);
    assertThat(count("SELECT COUNT(*) FROM audit_log WHERE action = 'contact.merge.undo'")).isEqualTo(1);
    assertThat(ada.ok("/api/conversations/" + dm + "/activity").get("items").findValuesAsText("kind")).contains("contact-unmerged");

    // merge again, then split the X identity off: two customers again
    assertThat(ada.post("/api/contacts/" + xContact + "/merge", Api.json(Map.of("other", emailContact))).status()).isEqualTo(200);
    assertThat(conversationIds(ada.ok("/api/contacts/" + emailContact))).containsExactlyInAnyOrder(mail, dm);
    Api.Response split = ada.post("/api/contacts/" + emailContact + "/split",
        Api.json(Map.of("identity", Map.of("channel", "email", "handle", "maya.lindqvist@example.com"))));
    assertThat(split.status()).as(split.body()).isEqualTo(200);
    assertThat(conversationIds(ada.ok("/api/contacts/" + emailContact))).containsExactly(mail);
    assertThat(conversationIds(ada.ok("/api/contacts/" + xContact))).containsExactly(dm);
    assertThat(ada.post("/api/contacts/" + xContact + "/split", Api.json(Map.of("identity", "x:" + maya.id()))).status())
        .as("one identity: nothing to split").isEqualTo(400);
  }

  @Test
  void anEmailAddressInADirectMessageShouldBeSuggested() {
    long mail = app.email("sam.rivera@example.com", "Atlas 45 colour", "I got the grey one instead of olive.\n\nSam");
    XApiSimulator.User sam = x.user("samwanders", "Sam R.");
    x.dmFromCustomer(sam, "Hi! You can reach me at Sam.Rivera@example.com about the swap.");
    long dm = app.awaitX("Hi! You can reach me at Sam.Rivera@example.com about the swap.");
    JsonNode s = ada.ok("/api/contacts/" + contactOf(dm) + "/suggestions").get("suggestions");
    assertThat(s).hasSize(1);
    assertThat(s.get(0).get("contactId").asLong()).isEqualTo(contactOf(mail));
    assertThat(s.get(0).get("reasons").get(0).asText()).isEqualTo("email address sam.rivera@example.com in an X message");
    // suggested only: nothing merged
    assertThat(ada.ok("/api/contacts/" + contactOf(dm)).get("id").asLong()).isEqualTo(contactOf(dm));
  }

  @Test
  void aVerifiedEmailOnTwoChannelsShouldBeMergedWithoutAnAgent() {
    long mail = app.email("kim.proof@example.com", "Strap question", "Does the strap fit the Transit 30?");
    XApiSimulator.User kim = x.user("kimproof", "Kim Proof");
    x.dmFromCustomer(kim, "Strap for the Transit 30, please.");
    long dm = app.awaitX("Strap for the Transit 30, please.");
    long emailContact = contactOf(mail);
    long xContact = contactOf(dm);
    app.daemon.services().jdbi().useHandle(h -> {
      // what a channel that proves addresses records: the email channel's own address and the
      // address the X account verified
      h.createUpdate("UPDATE contact_handle SET verified = TRUE WHERE contact_id = :c").bind("c", emailContact).execute();
      h.createUpdate("INSERT INTO contact_handle (channel, handle, contact_id, verified) VALUES ('x-email', 'kim.proof@example.com', :c, TRUE)")
          .bind("c", xContact).execute();
    });
    // the contacts route merges once a minute as well; on a slow machine it may come first
    int merged = app.daemon.services().contacts().mergeProven();
    assertThat(merged).isBetween(0, 1);
    assertThat(conversationIds(ada.ok("/api/contacts/" + xContact))).containsExactlyInAnyOrder(mail, dm);
    JsonNode merges = ada.ok("/api/contacts/" + xContact).get("merges");
    assertThat(merges).as("merged once, by whichever ran first").hasSize(1);
    assertThat(merges.get(0).get("reason").asText()).isEqualTo("same verified email address");
    assertThat(app.daemon.services().contacts().mergeProven()).as("once").isZero();
  }
}
