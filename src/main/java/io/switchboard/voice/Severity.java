package io.switchboard.voice;

import java.util.Locale;

/** How bad a finding is: {@code BLOCK} stops the reply, {@code WARN} only lowers the score. */
public enum Severity {
  BLOCK,
  WARN;

  /** The lower-case name used in the voice guide and over the API: {@code block}, {@code warn}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** {@code block} or {@code warn}, any case. */
  public static Severity parse(String s) {
    for (Severity v : values()) {
      if (v.id().equalsIgnoreCase(s == null ? "" : s.strip())) {
        return v;
      }
    }
    throw new IllegalArgumentException("'" + s + "' is not block or warn");
  }
}
