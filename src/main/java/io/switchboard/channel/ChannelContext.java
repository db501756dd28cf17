package io.switchboard.channel;

import io.switchboard.config.PropertiesFile;
import io.switchboard.store.ChannelHealth;
import io.switchboard.store.CursorStore;
import java.time.Clock;

/** What every channel module may use: settings, cursors, health, the clock. */
public record ChannelContext(
    PropertiesFile app, CursorStore cursors, ChannelHealth health, Clock clock) {

  /** The largest attachment kept, from {@code switchboard.mail.maxAttachmentMb} (default 25). */
  public long maxAttachmentBytes() {
    return app.getInt("switchboard.mail.maxAttachmentMb", 25) * 1024L * 1024L;
  }
}
