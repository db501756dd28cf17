package io.switchboard.voice;

import java.util.List;

/**
 * One check of a reply against the voice guide. Implementations are small, stateless apart from
 * their configuration, and called from many threads at once.
 */
public interface VoiceRule {

  /** The id used in the guide's {@code rules:} section and in every {@link Violation}. */
  String id();

  /** The findings for this reply; empty when there is nothing to say. */
  List<Violation> check(FixedReply reply);
}
