package io.switchboard.workflow.routing;

import java.util.List;

/**
 * What routing knows of an agent: the languages and channels they handle (empty means any), how
 * many open and pending conversations they take at once, and whether they take new ones now.
 */
public record Agent(
    String username, List<String> languages, List<String> channels, int capacity, boolean available) {
  public Agent {
    username = Skills.username(username);
    languages = Skills.languages(languages);
    channels = Skills.channels(channels);
    if (capacity < 0 || capacity > 10_000) {
      throw new IllegalArgumentException("capacity must be between 0 and 10000");
    }
  }

  /** Whether the agent handles this language and channel; an unknown language suits anyone. */
  public boolean handles(String language, String channel) {
    boolean speaks = languages.isEmpty() || language == null || language.equals("und") || languages.contains(language);
    boolean serves = channels.isEmpty() || channels.contains(channel);
    return speaks && serves;
  }
}
