package io.switchboard.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.model.InboundMessage;
import io.switchboard.model.RawInbound;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The tag step leaves to store exactly the items store would tag again (ADR 0047). */
class IngestTagStepTest {
  private static IngestItem item(String id, List<String> refs, String threadKey, Long conversation) {
    IngestItem item = new IngestItem(new RawInbound("email", "acct", id, new byte[] {1}));
    item.message(
        new InboundMessage(
            "email", "acct", id, refs, threadKey, false, "a@customer.test", null, "Subject", "text", null,
            null, null, List.of(), List.of(), false));
    item.conversationId(conversation);
    return item;
  }

  @Test
  void aReplyToAnEarlierItemOfTheBatchIsLeftToStore() {
    IngestItem first = item("<a1@x>", List.of(), null, null);
    IngestItem reply = item("<a2@x>", List.of("<zz@x>", "<a1@x>"), null, null);
    IngestItem other = item("<b1@x>", List.of("<old@x>"), null, null);
    assertThat(Ingest.taggedNow(List.of(first, reply, other))).containsExactly(first, other);
  }

  @Test
  void aSecondItemToTheSameConversationIsLeftToStore() {
    IngestItem one = item("<c1@x>", List.of("<old@x>"), null, 7L);
    IngestItem two = item("<c2@x>", List.of("<old@x>"), null, 7L);
    IngestItem elsewhere = item("<c3@x>", List.of(), null, 8L);
    assertThat(Ingest.taggedNow(List.of(one, two, elsewhere))).containsExactly(one, elsewhere);
  }

  @Test
  void aSecondItemWithTheSameThreadKeyIsLeftToStore() {
    IngestItem post = item("1", List.of(), "thread-9", null);
    IngestItem answer = item("2", List.of(), "thread-9", null);
    IngestItem unrelated = item("3", List.of(), "thread-10", null);
    assertThat(Ingest.taggedNow(List.of(post, answer, unrelated))).containsExactly(post, unrelated);
  }
}
