package io.switchboard.support;

import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads series from the Prometheus text that {@code GET /metrics} answers. */
public final class Scrape {
  private Scrape() {}

  /**
   * The value of the first line of {@code scrape} for {@code series}, a pattern for the name and
   * its labels (e.g. {@code switchboard_outbox\{state="queued"\}}); empty when no line has it.
   */
  public static OptionalDouble value(String scrape, String series) {
    Matcher m = Pattern.compile("(?m)^" + series + " ([0-9.eE+-]+|NaN)$").matcher(scrape);
    return m.find() ? OptionalDouble.of(Double.parseDouble(m.group(1))) : OptionalDouble.empty();
  }
}
