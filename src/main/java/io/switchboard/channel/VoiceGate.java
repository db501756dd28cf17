package io.switchboard.channel;

import io.switchboard.store.OutboxStore;
import java.util.Optional;

/**
 * The outbound route's last brand-voice check: nothing reaches a channel unchecked. Returns why a
 * reply must not go out, or empty. Thread-safe.
 */
@FunctionalInterface
public interface VoiceGate {
  VoiceGate OPEN = item -> Optional.empty();

  Optional<String> refuse(OutboxStore.Item item);
}
