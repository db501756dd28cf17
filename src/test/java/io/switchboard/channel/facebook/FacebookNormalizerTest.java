package io.switchboard.channel.facebook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.model.InboundMessage;
import io.switchboard.model.MalformedInputException;
import io.switchboard.model.RawInbound;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Graph items as the poller wraps them, one edge case each. */
class FacebookNormalizerTest {
  private static final String TOP_LEVEL_COMMENT =
      """
      {"kind":"comment","channel":"facebook","page":"1029384756","own":"1029384756",
       "context":{"type":"post","id":"1029384756_100001","message":"Meet the Meridian Carry-On 2: a lighter shell and quieter wheels.","permalink_url":""},
       "item":{"id":"100001_100002","message":"Does it fit 55 x 40 x 20?","created_time":"2026-11-23T10:15:30+0000",
               "from":{"id":"5550003","name":"Priya Raman"}}}
      """;

  private static final String REPLY_TO_COMMENT =
      """
      {"kind":"comment","channel":"facebook","page":"1029384756","own":"1029384756",
       "context":{"type":"post","id":"1029384756_100001","message":"Meet the Meridian"},
       "item":{"id":"100001_100007","message":"Same question!","created_time":"2026-11-23T10:20:00+0000",
               "from":{"id":"5550009","name":"Jana Novak"},"parent":{"id":"100001_100002"}}}
      """;

  private static final String PHOTO_ONLY_COMMENT =
      """
      {"kind":"comment","channel":"facebook","page":"1","own":"1","context":{"type":"post","id":"1_2"},
       "item":{"id":"2_3","created_time":"2026-11-23T10:20:00+0000","from":{"id":"55","name":"Al"},
               "attachment":{"type":"photo","url":"https://fb/photo/1","media":{"image":{"src":"https://cdn/p.jpg"}}}}}
      """;

  private static final String PAGE_MESSAGE_IN_MESSENGER =
      """
      {"kind":"message","channel":"facebook","page":"1029384756","own":"1029384756",
       "context":{"type":"conversation","id":"t_100010","platform":"messenger",
                  "participants":{"data":[{"id":"7000001","name":"Chloé Martin"},{"id":"1029384756","name":"Northwind Travel Gear"}]}},
       "item":{"id":"m_ours","message":"Checking with the carrier.","created_time":"2026-11-23T10:16:00+0000",
               "from":{"id":"1029384756","name":"Northwind Travel Gear"},"to":{"data":[{"id":"7000001","name":"Chloé Martin"}]}}}
      """;

  private static final String INSTAGRAM_REPLY =
      """
      {"kind":"comment","channel":"instagram","page":"1","own":"17841400000000001",
       "context":{"type":"media","id":"1790100001","caption":"Sunrise over the Dolomites"},"parent":"1791100002",
       "item":{"id":"1791100003","text":"Is it the 45?","timestamp":"2026-11-23T10:20:00+0000","username":"wanderwithmia",
               "from":{"id":"17841400000000101","username":"wanderwithmia"}}}
      """;

  private static final String COMMENT_WITHOUT_AUTHOR =
      """
      {"kind":"comment","channel":"facebook","page":"1","own":"1","context":{"type":"post","id":"1_2"},
       "item":{"id":"2_4","message":"who wrote this?","created_time":"2026-11-23T10:20:00+0000"}}
      """;

  private static final String COMMENT_WITHOUT_TIME =
      """
      {"kind":"comment","channel":"facebook","page":"1","own":"1","context":{"type":"post","id":"1_2"},
       "item":{"id":"2_5","message":"when?","from":{"id":"55","name":"Al"}}}
      """;

  private final FacebookNormalizer facebook = new FacebookNormalizer("facebook");

  private static RawInbound raw(String channel, String json) {
    return new RawInbound(channel, "page", "test", json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void topLevelCommentShouldStartAPublicThreadKeyedByItsId() throws Exception {
    InboundMessage m = facebook.normalize(raw("facebook", TOP_LEVEL_COMMENT));

    assertThat(m.externalId()).isEqualTo("100001_100002");
    assertThat(m.threadKey()).isEqualTo("100001_100002");
    assertThat(m.threadRefs()).isEmpty();
    assertThat(m.isPublic()).isTrue();
    assertThat(m.contactHandle()).isEqualTo("5550003");
    assertThat(m.contactName()).isEqualTo("Priya Raman");
    assertThat(m.subject()).isEqualTo("Comment on “Meet the Meridian Carry-On 2: a lighter shell and quieter w…”");
    assertThat(m.text()).isEqualTo("Does it fit 55 x 40 x 20?");
    assertThat(m.sentAt()).isEqualTo(Instant.parse("2026-11-23T10:15:30Z"));
  }

  @Test
  void replyToCommentShouldJoinTheTopLevelCommentsThread() throws Exception {
    InboundMessage m = facebook.normalize(raw("facebook", REPLY_TO_COMMENT));

    assertThat(m.threadKey()).isEqualTo("100001_100002");
    assertThat(m.threadRefs()).containsExactly("100001_100002");
    assertThat(m.contactHandle()).isEqualTo("5550009");
  }

  @Test
  void photoOnlyCommentShouldKeepALinkToThePhoto() throws Exception {
    assertThat(facebook.normalize(raw("facebook", PHOTO_ONLY_COMMENT)).text()).isEqualTo("[photo: https://cdn/p.jpg]");
  }

  @Test
  void pageMessageInMessengerShouldBelongToTheCustomersConversation() throws Exception {
    InboundMessage m = facebook.normalize(raw("facebook", PAGE_MESSAGE_IN_MESSENGER));

    assertThat(m.isPublic()).isFalse();
    assertThat(m.threadKey()).isEqualTo("t_100010");
    assertThat(m.contactHandle()).isEqualTo("7000001");
    assertThat(m.subject()).isEqualTo("Messenger with Chloé Martin");
  }

  @Test
  void instagramReplyShouldThreadUnderItsComment() throws Exception {
    InboundMessage m = new FacebookNormalizer("instagram").normalize(raw("instagram", INSTAGRAM_REPLY));

    assertThat(m.channel()).isEqualTo("instagram");
    assertThat(m.threadKey()).isEqualTo("1791100002");
    assertThat(m.contactHandle()).isEqualTo("17841400000000101");
    assertThat(m.contactName()).isEqualTo("@wanderwithmia");
    assertThat(m.subject()).isEqualTo("Instagram comment on “Sunrise over the Dolomites”");
  }

  @Test
  void bodyThatIsNotJsonShouldBeMalformed() {
    assertThatThrownBy(() -> facebook.normalize(raw("facebook", "{\"data\": [{\"id\": \"1_2\", \"message\": \"cut he")))
        .isInstanceOf(MalformedInputException.class)
        .hasMessageContaining("malformed JSON");
  }

  @Test
  void commentWithoutAuthorShouldBeMalformed() {
    assertThatThrownBy(() -> facebook.normalize(raw("facebook", COMMENT_WITHOUT_AUTHOR)))
        .isInstanceOf(MalformedInputException.class)
        .hasMessageContaining("no author");
  }

  @Test
  void commentWithoutTimeShouldBeMalformed() {
    assertThatThrownBy(() -> facebook.normalize(raw("facebook", COMMENT_WITHOUT_TIME)))
        .isInstanceOf(MalformedInputException.class)
        .hasMessageContaining("created_time");
  }

  @Test
  void jsonThatIsNotAGraphItemShouldBeMalformed() {
    assertThatThrownBy(() -> facebook.normalize(raw("facebook", "{\"data\": []}")))
        .isInstanceOf(MalformedInputException.class)
        .hasMessageContaining("not a Graph item");
  }
}
