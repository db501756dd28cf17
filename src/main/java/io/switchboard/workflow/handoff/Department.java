package io.switchboard.workflow.handoff;

import java.util.Locale;
import java.util.regex.Pattern;

/** A department a conversation can be handed to (billing, logistics, product...), by email. */
public record Department(String name, String address) {
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,59}");
  private static final Pattern ADDRESS = Pattern.compile("[^\\s@<>,]+@[^\\s@<>,]+\\.[^\\s@<>,]+");

  public Department {
    name = name == null ? "" : name.strip();
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("department '" + name + "' must be lower-case letters, digits, - or _");
    }
    address = address == null ? "" : address.strip().toLowerCase(Locale.ROOT);
    if (!ADDRESS.matcher(address).matches()) {
      throw new IllegalArgumentException("department " + name + ": '" + address + "' is not an email address");
    }
  }
}
