package io.switchboard.conversation;

import io.switchboard.store.InboxQueries;
import io.switchboard.voice.Draft;
import io.switchboard.voice.RankedTemplate;
import io.switchboard.voice.Sentiment;
import io.switchboard.voice.TemplateRanker;
import io.switchboard.voice.VoiceGuide;
import io.switchboard.voice.VoiceLinter;
import io.switchboard.voice.VoiceResult;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The brand-voice step for one conversation: builds the linter's draft from what we know of the
 * conversation, its customer and the agent, and ranks the canned responses. Thread-safe.
 */
public final class ReplyVoice {
  private static final Pattern HANDLE = Pattern.compile("@([A-Za-z0-9_]{1,15})");

  private final VoiceGuide guide;
  private final VoiceLinter linter;
  private final TemplateRanker ranker;

  public ReplyVoice(VoiceGuide guide) {
    this.guide = guide;
    this.linter = new VoiceLinter(guide);
    this.ranker = new TemplateRanker(guide);
  }

  public VoiceGuide guide() {
    return guide;
  }

  /** Checks (and auto-fixes) a draft reply on this conversation by this agent. */
  public VoiceResult check(InboxQueries.ConversationRow c, String agentName, String text) {
    return linter.check(draft(c, agentName, text));
  }

  /** The canned responses that fit this conversation best first, for what the customer wrote. */
  public List<RankedTemplate> templates(InboxQueries.ConversationRow c, String customerText) {
    return ranker.rank(c.language(), c.channel(), c.isPublic(), customerText == null ? "" : customerText);
  }

  static Draft draft(InboxQueries.ConversationRow c, String agentName, String text) {
    String name = c.contact() == null ? null : c.contact().name();
    return new Draft(
        c.channel(),
        c.isPublic(),
        c.language(),
        firstName(name),
        xHandle(name),
        firstName(agentName),
        c.sentiment() == null ? null : Sentiment.parse(c.sentiment()),
        text);
  }

  /** "Ann Lee" → "Ann"; an address or a handle is not a name. */
  public static String firstName(String name) {
    if (name == null || name.isBlank() || name.contains("@") && !name.contains(" ")) {
      return null;
    }
    String first = name.strip().split("\\s+")[0];
    if (first.startsWith("@") || first.startsWith("(")) {
      return null;
    }
    return first.substring(0, 1).toUpperCase(Locale.ROOT) + first.substring(1);
  }

  private static String xHandle(String name) {
    if (name == null) {
      return null;
    }
    Matcher m = HANDLE.matcher(name);
    return m.find() ? m.group(1) : null;
  }
}
