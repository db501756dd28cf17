package io.switchboard.voice;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code {customer.first_name}}, {@code {agent.first_name}} and {@code {brand}} placeholders of
 * greetings, sign-offs and templates. Any other {@code {name.like_this}} is for the agent to fill
 * in by hand.
 */
public final class Placeholders {
  public static final String CUSTOMER_FIRST_NAME = "customer.first_name";
  public static final String AGENT_FIRST_NAME = "agent.first_name";
  public static final String BRAND = "brand";
  public static final Set<String> KNOWN = Set.of(CUSTOMER_FIRST_NAME, AGENT_FIRST_NAME, BRAND);

  static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z][a-z0-9]*(?:[._][a-z0-9]+)*)\\}");

  private Placeholders() {}

  /** The values for one reply; blank names count as unknown. */
  public static Map<String, String> values(
      String brand, String customerFirstName, String agentFirstName) {
    Map<String, String> values = new HashMap<>();
    put(values, BRAND, brand);
    put(values, CUSTOMER_FIRST_NAME, customerFirstName);
    put(values, AGENT_FIRST_NAME, agentFirstName);
    return Map.copyOf(values);
  }

  private static void put(Map<String, String> values, String key, String value) {
    if (value != null && !value.isBlank()) {
      values.put(key, value.strip());
    }
  }

  /** Fills in what is known; unknown placeholders stay as they are. */
  public static String render(String text, Map<String, String> values) {
    Matcher m = PLACEHOLDER.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = values.get(m.group(1));
      m.appendReplacement(out, Matcher.quoteReplacement(value != null ? value : m.group()));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** Fills in every placeholder, or returns null if one of them is unknown. */
  static String renderAll(String text, Map<String, String> values) {
    for (String name : names(text)) {
      if (!values.containsKey(name)) {
        return null;
      }
    }
    return render(text, values);
  }

  /** The placeholder names in {@code text}, in order of appearance. */
  static Set<String> names(String text) {
    Set<String> names = new LinkedHashSet<>();
    Matcher m = PLACEHOLDER.matcher(text);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  /** Looks like one of ours ({@code customer.…}, {@code agent.…}, {@code brand…}) but is not. */
  static boolean misspelt(String name) {
    return !KNOWN.contains(name)
        && (name.startsWith("customer") || name.startsWith("agent") || name.startsWith("brand"));
  }
}
