package io.switchboard.workflow.kpi;

import io.switchboard.digest.Period;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Turns the per-conversation facts of {@link KpiQueries} into the figures leads read: medians and
 * averages of durations, shares of first-contact resolutions, SLA targets met and satisfied
 * customers, per agent, team or channel. Definitions are in the README ("Workflow: CSAT and KPIs").
 */
public final class Kpis {
  /** What figures can be grouped by. */
  public enum GroupBy {
    AGENT(KpiQueries.Owner::agent),
    TEAM(KpiQueries.Owner::team),
    CHANNEL(KpiQueries.Owner::channel);

    private final Function<KpiQueries.Owner, String> key;

    GroupBy(Function<KpiQueries.Owner, String> key) {
      this.key = key;
    }

    String keyOf(KpiQueries.Owner owner) {
      String k = key.apply(owner);
      return k == null ? (this == TEAM ? TeamLookup.NO_TEAM : "(unassigned)") : k;
    }

    public static GroupBy parse(String s) {
      for (GroupBy g : values()) {
        if (g.name().equalsIgnoreCase(s)) {
          return g;
        }
      }
      throw new IllegalArgumentException("groupBy must be agent, team or channel, not '" + s + "'");
    }
  }

  private final KpiQueries queries;

  public Kpis(KpiQueries queries) {
    this.queries = queries;
  }

  public KpiReport report(Period period, GroupBy groupBy) {
    Map<String, Acc> groups = new TreeMap<>();
    Acc total = new Acc();
    Function<KpiQueries.Owner, Acc> acc = o -> groups.computeIfAbsent(groupBy.keyOf(o), k -> new Acc());
    for (KpiQueries.FirstResponse f : queries.firstResponses(period)) {
      for (Acc a : List.of(acc.apply(f.owner()), total)) {
        a.add(f);
      }
    }
    for (KpiQueries.Resolution r : queries.resolutions(period)) {
      for (Acc a : List.of(acc.apply(r.owner()), total)) {
        a.add(r);
      }
    }
    for (KpiQueries.Rating r : queries.ratings(period)) {
      for (Acc a : List.of(acc.apply(r.owner()), total)) {
        a.ratings.add(r.rating());
      }
    }
    List<KpiReport.NpsComment> comments = new ArrayList<>();
    for (KpiQueries.NpsScore n : queries.npsScores(period)) {
      for (Acc a : List.of(acc.apply(n.owner()), total)) {
        a.nps.add(n.score());
      }
      if (n.comment() != null) {
        String category = n.score() >= 9 ? "promoter" : n.score() >= 7 ? "passive" : "detractor";
        comments.add(new KpiReport.NpsComment(n.owner().conversationId(), n.owner().channel(), n.owner().team(), n.owner().agent(),
            n.score(), category, n.comment(), n.scoredAt()));
      }
    }
    List<KpiReport.Group> out = new ArrayList<>();
    groups.forEach((k, a) -> out.add(a.group(k)));
    out.sort(Comparator.comparing(KpiReport.Group::key));
    return new KpiReport(period.from(), period.to(), groupBy.name().toLowerCase(java.util.Locale.ROOT), out, total.group("total"),
        List.copyOf(comments));
  }

  /** Seconds from {@code a} to {@code b}, never negative (clocks of other systems may disagree). */
  static long seconds(Instant a, Instant b) {
    return Math.max(0, Duration.between(a, b).toSeconds());
  }

  /** The figures of one group as they are added up. */
  private static final class Acc {
    final List<Long> firstResponse = new ArrayList<>();
    final List<Long> resolution = new ArrayList<>();
    final List<Long> handle = new ArrayList<>();
    int resolved;
    int firstContact;
    final int[] slaFirst = new int[2];
    final int[] slaResolution = new int[2];
    final List<Integer> ratings = new ArrayList<>();
    final List<Integer> nps = new ArrayList<>();

    void add(KpiQueries.FirstResponse f) {
      if (f.firstCustomerMessage() != null) {
        firstResponse.add(seconds(f.firstCustomerMessage(), f.firstReply()));
      }
      count(slaFirst, f.slaMet());
    }

    void add(KpiQueries.Resolution r) {
      resolved++;
      if (r.firstCustomerMessage() != null) {
        resolution.add(seconds(r.firstCustomerMessage(), r.resolvedAt()));
      }
      if (r.firstTouch() != null) {
        handle.add(seconds(r.firstTouch(), r.resolvedAt()));
      }
      if (r.replies() == 1 && !r.reopened()) {
        firstContact++;
      }
      count(slaResolution, r.slaMet());
    }

    private static void count(int[] metMissed, Boolean met) {
      if (met != null) {
        metMissed[met ? 0 : 1]++;
      }
    }

    KpiReport.Group group(String key) {
      int satisfied = (int) ratings.stream().filter(r -> r >= 4).count();
      Double avgRating = ratings.isEmpty() ? null : ratings.stream().mapToInt(Integer::intValue).average().orElseThrow();
      return new KpiReport.Group(
          key,
          durations(firstResponse),
          durations(resolution),
          durations(handle),
          KpiReport.Share.of(firstContact, resolved),
          new KpiReport.Sla(
              KpiReport.Share.of(slaFirst[0], slaFirst[0] + slaFirst[1]),
              KpiReport.Share.of(slaResolution[0], slaResolution[0] + slaResolution[1]),
              KpiReport.Share.of(slaFirst[0] + slaResolution[0], slaFirst[0] + slaFirst[1] + slaResolution[0] + slaResolution[1])),
          new KpiReport.Csat(ratings.size(), avgRating, KpiReport.Share.of(satisfied, ratings.size())),
          KpiReport.Nps.of(nps));
    }
  }

  static KpiReport.Durations durations(List<Long> values) {
    if (values.isEmpty()) {
      return new KpiReport.Durations(0, null, null);
    }
    List<Long> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
    double average = sorted.stream().mapToLong(Long::longValue).average().orElseThrow();
    return new KpiReport.Durations(n, median, average);
  }
}
