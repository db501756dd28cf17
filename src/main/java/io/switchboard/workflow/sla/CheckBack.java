package io.switchboard.workflow.sla;

import io.switchboard.conversation.Replies;
import io.switchboard.conversation.ReplyVoice;
import io.switchboard.store.InboxQueries;
import io.switchboard.store.OutboxStore;
import io.switchboard.voice.Placeholders;
import io.switchboard.voice.Template;
import io.switchboard.voice.VoiceGuide;
import java.util.Optional;

/**
 * The check-back message: a brand-voice template in the conversation's language (else the guide's
 * default language), queued as a reply through {@link Replies}, so it passes the same voice check
 * and leaves through the outbox like an agent's reply.
 */
public final class CheckBack {
  private final InboxQueries inbox;
  private final Replies replies;
  private final VoiceGuide guide;
  private final SlaSettings.CheckBack settings;

  public CheckBack(InboxQueries inbox, Replies replies, VoiceGuide guide, SlaSettings.CheckBack settings) {
    this.inbox = inbox;
    this.replies = replies;
    this.guide = guide;
    this.settings = settings;
  }

  /** Why a check-back was not queued. */
  static final class NotSent extends Exception {
    private static final long serialVersionUID = 1L;

    NotSent(String reason) {
      super(reason);
    }
  }

  /** Queues the message; returns its message id. */
  long send(long conversationId) throws NotSent {
    InboxQueries.ConversationRow c =
        inbox.conversation(conversationId).orElseThrow(() -> new NotSent("no conversation " + conversationId));
    String language = c.language() == null ? guide.defaultLanguage() : c.language();
    Template template =
        guide.templates()
            .find(language, settings.template())
            .or(() -> guide.templates().find(guide.defaultLanguage(), settings.template()))
            .orElseThrow(() -> new NotSent("no template " + settings.template()));
    if (!template.allowedOn(c.channel(), c.isPublic())) {
      throw new NotSent("template " + template.id() + " is not for " + (c.isPublic() ? "public " : "") + c.channel() + " replies");
    }
    String text =
        template.render(
            Placeholders.values(
                guide.brand(),
                ReplyVoice.firstName(c.contact() == null ? null : c.contact().name()),
                ReplyVoice.firstName(settings.agentName())));
    try {
      Optional<OutboxStore.Queued> queued = replies.queue(conversationId, settings.author(), settings.agentName(), text, null);
      return queued.orElseThrow(() -> new NotSent("no conversation " + conversationId)).messageId();
    } catch (Replies.Rejected e) {
      throw new NotSent(e.getMessage());
    }
  }
}
