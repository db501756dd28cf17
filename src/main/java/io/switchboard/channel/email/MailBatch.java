package io.switchboard.channel.email;

import io.switchboard.channel.RawInbound;
import java.util.List;

/**
 * Messages fetched in one poll of one folder. {@code lastUid} is where the cursor moves once every
 * item went through ingest (stored, duplicate or quarantined).
 */
public record MailBatch(String account, long uidValidity, long lastUid, List<RawInbound> items) {
  public static MailBatch empty(String account) {
    return new MailBatch(account, -1, -1, List.of());
  }

  public boolean isEmpty() {
    return items.isEmpty();
  }
}
