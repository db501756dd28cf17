package io.switchboard.nlp;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Urgency of a customer message, {@code low}, {@code normal}, {@code high} or {@code urgent}, with
 * reasons a person can read ("mentions legal action: \"Anwalt\"", "3rd message in 2 hours without
 * an answer", "strongly negative", "public post").
 *
 * <p>Each signal scores points; 4 or more is urgent, 2 or more high. A problem that only happens
 * now and then, has a workaround or is minor takes a point off what the text scored. Below high, a
 * message that scored nothing and names no problem is low when it asks a question, says it can
 * wait or that all is sorted, or (unless strongly negative) asks for information, gives feedback
 * or praise or reads positive. One that names a problem is low when it says it can wait or that
 * the problem is minor, when its opening (subject and first lines) asks for documentation, advice,
 * information or an improvement more than it names problems, or when such requests outnumber its
 * problems by three overall (a formal ticket names a problem in passing; ADRs 0044, 0049). A signal
 * inside a phrase that plays it down ("not critical", "nicht dringend") does not count. Anything
 * else is normal. Text signals come from {@code /nlp/urgency-phrases.txt} in en, de, fr, es, it and pt, all
 * looked for in every message; conversation signals from {@link ConversationFacts}. Why these
 * rules and not a trained model: ADR 0029.
 *
 * <p>Immutable and thread-safe.
 */
public final class UrgencyRules {
  public static final String LOW = "low";
  public static final String NORMAL = "normal";
  public static final String HIGH = "high";
  public static final String URGENT = "urgent";

  static final String RESOURCE = "/nlp/urgency-phrases.txt";
  static final int URGENT_POINTS = 4;
  static final int HIGH_POINTS = 2;
  /**
   * By how many phrases the signs that a message can wait must outnumber the problems it names:
   * formal tickets name a problem in passing ("the documentation is missing a step") when they ask
   * for guidance, so one more request than problem is not enough (ADR 0044).
   */
  static final int WAIT_MARGIN = 3;
  /**
   * How many words open a message: a formal ticket states its purpose in its subject and first
   * lines, after a greeting, so requests and problems are also counted there (ADR 0049).
   */
  static final int OPENING = 40;
  /** A negative answer at least this sure is "strongly negative". */
  static final double STRONGLY_NEGATIVE = 0.75;

  /** The answer; reasons in the order their signals were checked, strongest kinds first. */
  public record Urgency(String level, List<String> reasons) {
    public Urgency {
      reasons = List.copyOf(reasons);
    }
  }

  private record Signal(String reason, int points) {}

  /** A problem named: the message is at least normal. */
  static final String PROBLEM = "problem";
  /** Only now and then, or worked around: one point less for the text. */
  static final String MILD = "mild";
  /** "No rush": the deadline and soon signals do not count, and the message may be low. */
  static final String CALM = "calm";
  /** A question, a suggestion, feedback or praise: low when no problem is named. */
  static final String INQUIRY = "inquiry";
  /** "All sorted now, thanks": the problem it names is over, so it is low unless it reads negative. */
  static final String RESOLVED = "resolved";
  /**
   * A request for documentation, advice, information, a feature or an improvement: weighs towards
   * low even when a problem is named in passing.
   */
  static final String REQUEST = "request";
  /** "A minor issue", "cosmetic": one point less, like {@link #MILD}, and it weighs towards low. */
  static final String MINOR = "minor";

  private static final Map<String, Signal> TEXT_SIGNALS = textSignals();
  /** The sections whose distinct phrases {@link #canWait} counts, in its order. */
  private static final List<String> COUNTED = List.of(PROBLEM, REQUEST, MINOR);

  private final PhraseMatcher phrases;

  private UrgencyRules(PhraseMatcher phrases) {
    this.phrases = phrases;
  }

  public static UrgencyRules load() {
    return new UrgencyRules(PhraseMatcher.load(RESOURCE));
  }

  private static Map<String, Signal> textSignals() {
    Map<String, Signal> m = new LinkedHashMap<>();
    m.put("safety", new Signal("mentions a safety risk", 4));
    m.put("legal", new Signal("mentions legal action", 3));
    m.put("chargeback", new Signal("threatens a chargeback", 3));
    m.put("fraud", new Signal("mentions fraud or a security breach", 3));
    m.put("critical", new Signal("says it is critical", 2));
    m.put("access", new Signal("cannot get into their account", 2));
    m.put("double-charge", new Signal("says they were charged twice", 2));
    m.put("wrong-charge", new Signal("says money was taken wrongly", 2));
    m.put("outage", new Signal("reports something not working", 2));
    m.put("repeat", new Signal("has asked before without an answer", 2));
    m.put("churn", new Signal("threatens to cancel or leave", 2));
    m.put("escalation", new Signal("threatens to go public or above", 2));
    m.put("deadline", new Signal("time-critical", 2));
    m.put("impact", new Signal("says it hurts their business", 1));
    m.put("soon", new Signal("needs it soon", 1));
    return m;
  }

  /** Urgency from the text alone. */
  public Urgency assess(String text) {
    return assess(text, null, ConversationFacts.Facts.NONE, false, null);
  }

  /**
   * @param sentiment the message's sentiment, or null
   * @param publicPost whether everyone can read the message (a public post or comment)
   */
  public Urgency assess(
      String text, SentimentModel.Sentiment sentiment, ConversationFacts.Facts facts,
      boolean publicPost) {
    return assess(text, sentiment, facts, publicPost, null);
  }

  /**
   * @param sentAt when the message was sent, to measure waiting from {@code
   *     facts.firstUnansweredAt()}; null for now
   */
  public Urgency assess(
      String text, SentimentModel.Sentiment sentiment, ConversationFacts.Facts facts,
      boolean publicPost, Instant sentAt) {
    return assess(PhraseMatcher.words(text), sentiment, facts, publicPost, sentAt, null,
        isQuestion(text));
  }

  /** Whether the text asks something: a question mark, Spanish's opening one included. */
  static boolean isQuestion(String text) {
    return text != null && (text.indexOf('?') >= 0 || text.indexOf('\u00bf') >= 0);
  }

  /**
   * @param corrected the level an agent gave a message with nearly the same words ({@link
   *     CorrectionMemory}), or null: it replaces what the text says (phrases, strong negativity),
   *     and the conversation's facts still count on top of it
   * @param question whether the text asks something ({@link #isQuestion}): a question that names
   *     no problem is low, whatever the sentiment model reads into it
   */
  Urgency assess(
      List<String> words, SentimentModel.Sentiment sentiment, ConversationFacts.Facts facts,
      boolean publicPost, Instant sentAt, String corrected, boolean question) {
    ConversationFacts.Facts f = facts == null ? ConversationFacts.Facts.NONE : facts;
    List<String> reasons = new ArrayList<>();
    Map<String, String> found = new LinkedHashMap<>();
    // distinct phrases of the sections weighed by canWait: problem, request, minor
    int[] counts = new int[3];
    // the same, in the subject and first sentences only (the first OPENING words)
    int[] opening = new int[3];
    int points = 0;
    boolean negative = sentiment != null && sentiment.isNegative();
    if (corrected != null) {
      reasons.add(CorrectionMemory.REASON);
      points += switch (corrected) {
        case URGENT -> URGENT_POINTS;
        case HIGH -> HIGH_POINTS;
        default -> 0;
      };
    } else {
      List<PhraseMatcher.Hit> counted = null;
      List<PhraseMatcher.Hit> hits = phrases.find(words);
      for (PhraseMatcher.Hit h : hits) {
        if (TEXT_SIGNALS.containsKey(h.category()) && negated(hits, h)) {
          continue;
        }
        found.putIfAbsent(h.category(), h.phrase());
        int k = COUNTED.indexOf(h.category());
        if (k >= 0) {
          if (counted == null) {
            counted = new ArrayList<>();
          }
          if (!countedBefore(counted, h)) {
            counted.add(h);
            counts[k]++;
            if (h.start() < OPENING) {
              opening[k]++;
            }
          }
        }
      }
      String resolved = found.get(RESOLVED);
      if (resolved != null && !negative) {
        return new Urgency(LOW, List.of("says it is sorted: \"" + resolved + "\""));
      }
      // "no rush", or praise: a time word says when something happened, not a deadline ("came
      // this morning, thanks!")
      boolean timeCounts = found.get(CALM) == null && (sentiment == null || !sentiment.isPositive());
      for (Map.Entry<String, Signal> s : TEXT_SIGNALS.entrySet()) {
        String phrase = found.get(s.getKey());
        if (phrase != null && (timeCounts || !isTimeSignal(s.getKey()))) {
          reasons.add(s.getValue().reason() + ": \"" + phrase + "\"");
          points += s.getValue().points();
        }
      }
      String mild = found.get(MILD);
      String minor = found.get(MINOR);
      if (minor != null && points > 0) {
        reasons.add("says it is minor: \"" + minor + "\"");
        points -= 1;
      } else if (mild != null && points > 0) {
        reasons.add("only now and then or worked around: \"" + mild + "\"");
        points -= 1;
      }
    }
    int textPoints = points;
    int nth = f.earlierUnanswered() + 1;
    Duration waiting = Duration.ZERO;
    if (f.firstUnansweredAt() != null) {
      Instant now = sentAt != null ? sentAt : Instant.now();
      waiting = Duration.between(f.firstUnansweredAt(), now);
      if (waiting.isNegative()) {
        waiting = Duration.ZERO;
      }
    }
    if (nth >= 2) {
      String span = f.firstUnansweredAt() == null ? "" : " in " + humanize(waiting);
      reasons.add(ordinal(nth) + " message" + span + " without an answer");
      points += nth >= 5 ? 3 : nth >= 3 ? 2 : 1;
    } else if (waiting.toHours() >= 24) {
      // one message, long unanswered: counted only when no repeat reason already says so
      reasons.add("waiting " + humanize(waiting) + " for an answer");
      points += waiting.toHours() >= 72 ? 2 : 1;
    }
    int factPoints = points - textPoints;
    boolean vip = f.contactTags().stream().anyMatch(t -> t.equalsIgnoreCase("vip"));
    if (corrected == null && textPoints == 0 && factPoints == 0 && !vip
        && canWait(found, counts, opening, sentiment, question, reasons)) {
      return new Urgency(LOW, reasons);
    }
    if (corrected == null && negative && sentiment.score() >= STRONGLY_NEGATIVE) {
      reasons.add("strongly negative");
      points += 1;
    }
    if (publicPost && (negative || points > 0)) {
      // a public complaint is named, but only raises a message that has a reason of its own
      reasons.add("public post");
      points += textPoints > 0 || factPoints > 0 ? 1 : 0;
    }
    if (vip) {
      reasons.add("VIP contact");
      points += 1;
    }
    String level;
    if (points >= URGENT_POINTS) {
      level = URGENT;
    } else if (points >= HIGH_POINTS) {
      level = HIGH;
    } else if (corrected != null) {
      level = LOW.equals(corrected) && points == textPoints ? LOW : NORMAL;
    } else {
      level = NORMAL;
    }
    return new Urgency(level, reasons);
  }

  /**
   * Whether a signal's words lie inside a phrase that says it can wait or is minor: "not critical"
   * holds "critical", "nicht dringend" holds "dringend".
   */
  private static boolean negated(List<PhraseMatcher.Hit> hits, PhraseMatcher.Hit h) {
    for (PhraseMatcher.Hit o : hits) {
      if (o.start() > h.start()) {
        break;
      }
      if ((o.category().equals(MINOR) || o.category().equals(MILD) || o.category().equals(CALM))
          && o.start() <= h.start() && o.end() >= h.end() && o.end() - o.start() > h.end() - h.start()) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether the same phrase of the same section was counted already: a word listed in several
   * languages ("problema") or said twice counts once.
   */
  private static boolean countedBefore(List<PhraseMatcher.Hit> counted, PhraseMatcher.Hit h) {
    for (PhraseMatcher.Hit c : counted) {
      if (c.category().equals(h.category()) && c.phrase().equals(h.phrase())) {
        return true;
      }
    }
    return false;
  }

  private static boolean isTimeSignal(String category) {
    return category.equals("deadline") || category.equals("soon");
  }

  /**
   * Whether a message that scored nothing may wait, and why (added to the reasons). With no problem
   * named: when it asks something, says it can wait, or (not strongly negative) asks for
   * information, suggests, praises or reads positive. With a problem named: when it says it can
   * wait ("low priority", "no rush") or that it is minor ("cosmetic", "un détail"), when the
   * opening's requests outnumber the opening's problems (a ticket says what it is for first), or
   * when its requests for documentation, advice, a feature or an improvement, "minor" and a
   * question outnumber the problem phrases by {@link #WAIT_MARGIN}.
   * A ticket that asks for guidance names a problem in passing; one that reports a fault names it
   * several times.
   */
  private static boolean canWait(
      Map<String, String> found, int[] counts, int[] opening, SentimentModel.Sentiment sentiment,
      boolean question, List<String> reasons) {
    int problems = counts[0] + (found.containsKey(MILD) ? 1 : 0);
    int waits = (question ? 1 : 0) + counts[1] + counts[2];
    if (found.containsKey(CALM)) {
      reasons.add(waitReason(found, question));
      return true;
    }
    if (counts[2] > 0) {
      reasons.add("says it is minor: \"" + found.get(MINOR) + "\"");
      return true;
    }
    if (opening[1] > opening[0]) {
      reasons.add("opens with a request for information, advice or an improvement: \""
          + found.get(REQUEST) + "\"");
      return true;
    }
    if (problems > 0) {
      if (waits >= problems + WAIT_MARGIN) {
        reasons.add(waitReason(found, question) + ", more than the problem named");
        return true;
      }
      return false;
    }
    if (question) {
      reasons.add("a question, no problem named");
      return true;
    }
    boolean negative = sentiment != null && sentiment.isNegative();
    if (negative && sentiment.score() >= STRONGLY_NEGATIVE) {
      return false;
    }
    if (waits > 0 || found.containsKey(INQUIRY)) {
      reasons.add(waitReason(found, false));
      return true;
    }
    return sentiment != null && SentimentModel.POSITIVE.equals(sentiment.label());
  }

  /** The strongest sign that a message can wait, as a reason. */
  private static String waitReason(Map<String, String> found, boolean question) {
    if (found.containsKey(CALM)) {
      return "can wait: \"" + found.get(CALM) + "\"";
    }
    if (found.containsKey(REQUEST)) {
      return "asks for information, advice or an improvement: \"" + found.get(REQUEST) + "\"";
    }
    if (found.containsKey(INQUIRY)) {
      return "a question, feedback or thanks: \"" + found.get(INQUIRY) + "\"";
    }
    if (found.containsKey(MINOR)) {
      return "says it is minor: \"" + found.get(MINOR) + "\"";
    }
    return question ? "a question" : "can wait";
  }

  static String ordinal(int n) {
    int mod100 = n % 100;
    String suffix;
    if (mod100 >= 11 && mod100 <= 13) {
      suffix = "th";
    } else {
      suffix = switch (n % 10) {
        case 1 -> "st";
        case 2 -> "nd";
        case 3 -> "rd";
        default -> "th";
      };
    }
    return n + suffix;
  }

  /** "45 minutes", "2 hours", "3 days". */
  static String humanize(Duration d) {
    long minutes = d.toMinutes();
    if (minutes < 90) {
      return plural(Math.max(1, minutes), "minute");
    }
    long hours = Math.round(minutes / 60.0);
    if (hours < 48) {
      return plural(hours, "hour");
    }
    return plural(Math.round(hours / 24.0), "day");
  }

  private static String plural(long n, String unit) {
    return String.format(Locale.ROOT, "%d %s%s", n, unit, n == 1 ? "" : "s");
  }
}
