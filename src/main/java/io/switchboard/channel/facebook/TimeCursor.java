package io.switchboard.channel.facebook;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Where a Graph stream resumes: the newest creation time that went through ingest, and which items
 * at exactly that second did (Graph times have whole seconds, and several comments can share one).
 * Items are new when they are younger, or as old but not among those.
 *
 * <p>Stored as {@code epochSeconds|h1,h2,...} with short hashes of the ids, within the cursor
 * column's 500 characters; when more items share the second than fit, the stored form keeps the
 * newest hashes and the rest are read once more after a restart, where ingest drops them as
 * duplicates. In memory the set is complete.
 */
public record TimeCursor(Instant time, Set<String> seenAtTime) {
  private static final int MAX_STORED = 500;

  public TimeCursor {
    time = time.truncatedTo(ChronoUnit.SECONDS);
    seenAtTime = Collections.unmodifiableSet(new LinkedHashSet<>(seenAtTime));
  }

  public static TimeCursor at(Instant time) {
    return new TimeCursor(time, Set.of());
  }

  public boolean isNew(String id, Instant created) {
    Instant t = created.truncatedTo(ChronoUnit.SECONDS);
    return t.isAfter(time) || (t.equals(time) && !seenAtTime.contains(hash(id)));
  }

  /** The cursor after the given items (each {@code id} with its creation time) went through. */
  public TimeCursor after(Collection<? extends Timed> items) {
    Instant newest = time;
    for (Timed i : items) {
      Instant t = i.time().truncatedTo(ChronoUnit.SECONDS);
      if (t.isAfter(newest)) {
        newest = t;
      }
    }
    Set<String> seen = new LinkedHashSet<>();
    if (newest.equals(time)) {
      seen.addAll(seenAtTime);
    }
    for (Timed i : items) {
      if (i.time().truncatedTo(ChronoUnit.SECONDS).equals(newest)) {
        seen.add(hash(i.id()));
      }
    }
    return new TimeCursor(newest, seen);
  }

  /** Something with a Graph id and a creation time. */
  public interface Timed {
    String id();

    Instant time();
  }

  public String encode() {
    StringBuilder s = new StringBuilder().append(time.getEpochSecond()).append('|');
    List<String> hashes = new ArrayList<>(seenAtTime);
    int room = (MAX_STORED - s.length()) / 11;
    List<String> kept = hashes.subList(Math.max(0, hashes.size() - room), hashes.size());
    return s.append(String.join(",", kept)).toString();
  }

  /** The stored form back; null when {@code value} is not a cursor of this kind. */
  public static TimeCursor decode(String value) {
    if (value == null) {
      return null;
    }
    int bar = value.indexOf('|');
    if (bar < 1) {
      return null;
    }
    try {
      Instant t = Instant.ofEpochSecond(Long.parseLong(value.substring(0, bar)));
      Set<String> seen = new LinkedHashSet<>();
      for (String h : value.substring(bar + 1).split(",")) {
        if (!h.isBlank()) {
          seen.add(h.trim());
        }
      }
      return new TimeCursor(t, seen);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  static String hash(String id) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 5);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
