package io.switchboard.reliability;

import io.switchboard.channel.email.DeliveryReport;
import io.switchboard.model.WorkflowEvent;
import io.switchboard.store.OutboxStore;
import io.switchboard.workflow.WorkflowEvents;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Marks a reply as undelivered when its bounce arrives: the email normalizer threads a delivery
 * status notification under the message it returns and notes the failure; this listener finds our
 * reply with that Message-ID in the conversation and sets its delivery to failed with the
 * reporting server's reason, which the conversation view shows on the reply. The outbox row stays
 * sent, so nothing is sent again on its own.
 */
public final class BounceRecorder implements WorkflowEvents {
  private static final Logger LOG = LoggerFactory.getLogger(BounceRecorder.class);
  private final Jdbi jdbi;

  public BounceRecorder(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  @Override
  public void customerWrote(long conversationId, long messageId, boolean opened, WorkflowEvent.Facts message) {
    if (!"email".equals(message.channel()) || message.lastRef() == null || message.notes() == null) {
      return;
    }
    Optional<String> reason = DeliveryReport.failureIn(List.copyOf(message.notes()));
    if (reason.isEmpty()) {
      return;
    }
    String bounced = message.lastRef();
    int marked = OutboxStore.markBounced(jdbi, conversationId, bounced, "bounced: " + reason.get());
    if (marked > 0) {
      LOG.warn("reply {} in conversation {} bounced: {}", bounced, conversationId, reason.get());
    }
  }
}
