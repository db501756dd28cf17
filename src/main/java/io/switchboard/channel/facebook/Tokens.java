package io.switchboard.channel.facebook;

import java.util.regex.Pattern;

/**
 * Keeps Page access tokens out of logs, health reasons, delivery errors and quarantined bodies:
 * every text that may hold a URL or a Graph response passes through {@link #mask} first.
 */
public final class Tokens {
  private static final Pattern PARAM =
      Pattern.compile("(?i)((?:access_token|appsecret_proof|input_token)(?:=|%3D|\"\\s*:\\s*\"))[^&\\s\"'<>]+");

  private Tokens() {}

  /** The text with token parameters and the literal {@code token} (if any) replaced by {@code ***}. */
  public static String mask(String text, String token) {
    if (text == null) {
      return null;
    }
    String s = text;
    if (token != null && token.length() >= 4) {
      s = s.replace(token, "***");
    }
    return PARAM.matcher(s).replaceAll("$1***");
  }

  /** Masks token parameters only, for text where the literal token is not known. */
  public static String mask(String text) {
    return mask(text, null);
  }
}
