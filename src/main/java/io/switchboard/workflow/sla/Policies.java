package io.switchboard.workflow.sla;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * SLA rules, each optionally limited to channels and urgencies, each giving some targets and
 * perhaps a calendar. For a conversation every target comes from the most specific matching rule
 * that sets it: channel and urgency, then channel, then urgency, then a rule for everything (file
 * order breaks ties). A target no rule sets has no clock.
 */
public final class Policies {
  /** One rule of {@code policies:} in the configuration. */
  public record Rule(String name, Set<String> channels, Set<String> urgencies, String calendar, Map<Target, Duration> targets) {
    public Rule {
      channels = Set.copyOf(channels);
      urgencies = Set.copyOf(urgencies);
      targets = Map.copyOf(targets);
    }

    boolean matches(String channel, String urgency) {
      return (channels.isEmpty() || channels.contains(channel)) && (urgencies.isEmpty() || urgencies.contains(urgency));
    }

    int specificity() {
      return (channels.isEmpty() ? 0 : 2) + (urgencies.isEmpty() ? 0 : 1);
    }
  }

  /** What applies to one conversation: the most specific rule's name, the calendar, the targets. */
  public record Policy(String name, BusinessCalendar calendar, Map<Target, Duration> targets) {
    public Optional<Duration> target(Target t) {
      return Optional.ofNullable(targets.get(t));
    }
  }

  private final List<Rule> rules;
  private final Map<String, BusinessCalendar> calendars;
  private final BusinessCalendar defaultCalendar;

  public Policies(List<Rule> rules, Map<String, BusinessCalendar> calendars, String defaultCalendar) {
    this.rules = List.copyOf(rules);
    this.calendars = Map.copyOf(calendars);
    this.defaultCalendar = calendars.get(defaultCalendar);
    if (this.defaultCalendar == null) {
      throw new IllegalArgumentException("no calendar named " + defaultCalendar);
    }
  }

  /** Urgency as the NLP tagger writes it; missing means normal. */
  public static String urgencyOrNormal(String urgency) {
    return urgency == null || urgency.isBlank() ? "normal" : urgency;
  }

  public Policy policyFor(String channel, String urgency) {
    String u = urgencyOrNormal(urgency);
    List<Rule> matching =
        rules.stream()
            .filter(r -> r.matches(channel, u))
            .sorted((a, b) -> Integer.compare(b.specificity(), a.specificity()))
            .toList();
    Map<Target, Duration> targets = new EnumMap<>(Target.class);
    for (Target t : Target.values()) {
      matching.stream().filter(r -> r.targets().containsKey(t)).findFirst().ifPresent(r -> targets.put(t, r.targets().get(t)));
    }
    String name = matching.isEmpty() ? "none" : matching.get(0).name();
    BusinessCalendar calendar =
        matching.stream().filter(r -> r.calendar() != null).findFirst().map(r -> calendar(r.calendar())).orElse(defaultCalendar);
    return new Policy(name, calendar, targets);
  }

  /** The named calendar, or the default one when there is no longer such a calendar. */
  public BusinessCalendar calendar(String name) {
    return name == null ? defaultCalendar : calendars.getOrDefault(name, defaultCalendar);
  }

  public BusinessCalendar defaultCalendar() {
    return defaultCalendar;
  }
}
