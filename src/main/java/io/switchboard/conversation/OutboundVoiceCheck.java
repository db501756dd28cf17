package io.switchboard.conversation;

import io.switchboard.channel.VoiceGate;
import io.switchboard.store.InboxQueries;
import io.switchboard.store.OutboxStore;
import io.switchboard.voice.Violation;
import io.switchboard.voice.VoiceResult;
import java.util.Optional;
import java.util.stream.Collectors;

/** The outbound route's brand-voice gate: the same linter the API runs, on the queued text. */
public final class OutboundVoiceCheck implements VoiceGate {
  private final InboxQueries inbox;
  private final ReplyVoice voice;

  public OutboundVoiceCheck(InboxQueries inbox, ReplyVoice voice) {
    this.inbox = inbox;
    this.voice = voice;
  }

  @Override
  public Optional<String> refuse(OutboxStore.Item item) {
    return inbox
        .conversation(item.message().conversationId())
        .map(c -> voice.check(c, null, item.message().text()))
        .filter(VoiceResult::blocked)
        .map(
            r ->
                "brand voice: "
                    + r.violations().stream()
                        .filter(v -> v.severity() == io.switchboard.voice.Severity.BLOCK)
                        .map(Violation::message)
                        .collect(Collectors.joining("; ")));
  }
}
