package io.switchboard.workflow.contacts;

import io.switchboard.store.ContactStore;
import io.switchboard.store.ContactStore.OtherSaid;
import io.switchboard.store.ContactStore.Said;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Suggests that two contacts are one customer, each suggestion with its reasons: an email address
 * of one written in a signature or a DM of the other, a phone number both wrote, an X handle
 * mentioned in an email, the same name with the same order number. Suggestions only: an agent
 * confirms (ADR 0040). Reads the person's latest customer messages, and finds other persons'
 * messages through the search index's terms, confirming each candidate by its text. Thread-safe.
 */
public final class ContactMatcher {
  static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}");
  static final Pattern HANDLE = Pattern.compile("(?<![\\w@.])@([A-Za-z0-9_]{2,15})(?![\\w@])");
  static final Pattern PHONE = Pattern.compile("(?<![\\w-])\\+?\\d[\\d ().-]{7,18}\\d(?![\\w-])");
  static final Pattern ORDER = Pattern.compile("\\b[A-Z]{2,4}-\\d{4,}\\b");
  static final Pattern X_USERNAME = Pattern.compile("\\(@([A-Za-z0-9_]{1,15})\\)\\s*$");
  private static final int OWN_MESSAGES = 200;
  private static final int CANDIDATES = 200;

  private final ContactStore store;
  private final Function<String, List<Long>> conversationsSaying;

  /**
   * @param conversationsSaying the conversations whose text holds every word of a string (the
   *     store's full-text search), where candidates are looked for
   */
  public ContactMatcher(ContactStore store, Function<String, List<Long>> conversationsSaying) {
    this.store = store;
    this.conversationsSaying = conversationsSaying;
  }

  /** Another customer who may be this one, and why. */
  public record Suggestion(long contactId, String name, List<String> reasons, boolean proven) {}

  public List<Suggestion> suggestions(long contactId) {
    Optional<ContactStore.Person> found = store.person(contactId);
    if (found.isEmpty()) {
      return List.of();
    }
    ContactStore.Person p = found.get();
    Map<Long, Set<String>> reasons = new LinkedHashMap<>();
    Set<String> ownEmails = new LinkedHashSet<>();
    p.identities().stream().filter(i -> i.channel().equals("email")).forEach(i -> ownEmails.add(lower(i.handle())));
    Set<String> names = new LinkedHashSet<>();
    p.names().forEach(n -> names.add(plainName(n)));
    List<Said> said = store.said(p.id(), OWN_MESSAGES);

    for (Said s : said) {
      String text = s.text() == null ? "" : s.text();
      Matcher m = EMAIL.matcher(text);
      while (m.find()) {
        String address = lower(m.group());
        if (!ownEmails.contains(address)) {
          store.personWithIdentity("email", address).filter(q -> q != p.id()).ifPresent(
              q -> add(reasons, q, "email address " + address + " in " + where(s.channel())));
        }
      }
      if (s.channel().equals("email")) {
        Matcher h = HANDLE.matcher(text);
        while (h.find()) {
          String user = h.group(1);
          for (long q : store.personsWithXUsername(user)) {
            if (q != p.id()) {
              add(reasons, q, "X handle @" + user + " mentioned in an email");
            }
          }
        }
      }
      Matcher ph = PHONE.matcher(text);
      while (ph.find()) {
        String digits = digits(ph.group());
        if (digits.length() >= 9 && digits.length() <= 15) {
          for (OtherSaid o : othersSaying(ph.group(), p.id())) {
            if (phones(o.said().text()).contains(digits)) {
              add(reasons, o.person(), "same phone number " + ph.group().strip());
            }
          }
        }
      }
      Matcher or = ORDER.matcher(text);
      while (or.find()) {
        String order = or.group();
        for (OtherSaid o : othersSaying(order, p.id())) {
          String other = o.said().text() == null ? "" : o.said().text();
          if (other.toUpperCase(Locale.ROOT).contains(order)) {
            String same = sameName(names, o.person());
            if (same != null) {
              add(reasons, o.person(), "same name (" + same + ") and order " + order);
            }
          }
        }
      }
    }
    // the other way: this customer's identities in other customers' messages
    for (String address : ownEmails) {
      for (OtherSaid o : othersSaying(address.substring(0, address.indexOf('@')), p.id())) {
        String other = o.said().text() == null ? "" : lower(o.said().text());
        if (EMAIL.matcher(other).results().anyMatch(r -> r.group().equals(address))) {
          add(reasons, o.person(), "email address " + address + " in " + where(o.said().channel()));
        }
      }
    }
    for (String name : p.names()) {
      Matcher u = X_USERNAME.matcher(name == null ? "" : name);
      if (!u.find()) {
        continue;
      }
      String user = u.group(1);
      for (OtherSaid o : othersSaying(user, p.id())) {
        if (o.said().channel().equals("email")
            && HANDLE.matcher(o.said().text() == null ? "" : o.said().text()).results().anyMatch(r -> r.group(1).equalsIgnoreCase(user))) {
          add(reasons, o.person(), "X handle @" + user + " mentioned in an email");
        }
      }
    }
    List<Suggestion> out = new ArrayList<>();
    reasons.forEach((q, why) -> out.add(new Suggestion(q, store.name(q), List.copyOf(why), false)));
    out.sort(Comparator.comparingInt((Suggestion s) -> -s.reasons().size()).thenComparingLong(Suggestion::contactId));
    return out;
  }

  private static void add(Map<Long, Set<String>> reasons, long person, String reason) {
    reasons.computeIfAbsent(person, k -> new LinkedHashSet<>()).add(reason);
  }

  private static String where(String channel) {
    return switch (channel) {
      case "email" -> "the text or signature of an email";
      case "x" -> "an X message";
      case "facebook" -> "a Facebook message";
      case "instagram" -> "an Instagram message";
      default -> "a " + channel + " message";
    };
  }

  /** The other person's name when it is one of {@code names}, else null. */
  private String sameName(Set<String> names, long other) {
    return store.person(other)
        .flatMap(o -> o.names().stream().filter(n -> !plainName(n).isEmpty() && names.contains(plainName(n))).findFirst())
        .map(n -> n.replaceAll("\\s*\\(@[^)]*\\)\\s*$", ""))
        .orElse(null);
  }

  /** A name without an X username suffix, case and accents: "Maya Lindqvist (@mayaroams)" is "maya lindqvist". */
  static String plainName(String name) {
    if (name == null) {
      return "";
    }
    String n = name.replaceAll("\\s*\\(@[^)]*\\)\\s*$", "").strip();
    n = Normalizer.normalize(n, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
    n = n.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
    // a bare handle or address is no name
    return n.contains("@") || !n.contains(" ") ? "" : n;
  }

  static Set<String> phones(String text) {
    Set<String> out = new LinkedHashSet<>();
    if (text != null) {
      Matcher m = PHONE.matcher(text);
      while (m.find()) {
        out.add(digits(m.group()));
      }
    }
    return out;
  }

  private static String digits(String s) {
    return s.replaceAll("\\D", "");
  }

  /** Customer messages of other persons in the conversations whose text holds {@code s}. */
  private List<OtherSaid> othersSaying(String s, long person) {
    return store.othersSaying(conversationsSaying.apply("\"" + s.replace("\"", " ") + "\""), person, CANDIDATES);
  }

  private static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
