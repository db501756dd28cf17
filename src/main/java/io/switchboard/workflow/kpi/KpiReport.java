package io.switchboard.workflow.kpi;

import java.time.Instant;
import java.util.List;

/**
 * KPIs of a period, per group (agent, team or channel) and in total. Durations are in seconds;
 * a median or average is null when there is nothing to measure, a share is null when nothing
 * counts toward it.
 */
public record KpiReport(Instant from, Instant to, String groupBy, List<Group> groups, Group total, List<NpsComment> npsComments) {

  public record Group(
      String key,
      Durations firstResponse,
      Durations resolution,
      Durations handle,
      Share firstContactResolution,
      Sla sla,
      Csat csat,
      Nps nps) {}

  /** How many were measured, their median and average in seconds. */
  public record Durations(int count, Double medianSeconds, Double averageSeconds) {}

  /** {@code hits} of {@code total}. */
  public record Share(int hits, int total, Double share) {
    static Share of(int hits, int total) {
      return new Share(hits, total, total == 0 ? null : (double) hits / total);
    }
  }

  /**
   * Targets met against targets missed; conversations whose target is still running (NULL) or that
   * have no SLA do not count.
   */
  public record Sla(Share firstResponse, Share resolution, Share overall) {}

  /**
   * Net Promoter figures: scores 9-10 promote, 7-8 are passive, 0-6 detract; the score is
   * promoters % minus detractors % (-100 to 100), null without responses.
   */
  public record Nps(int responses, int promoters, int passives, int detractors, Double score) {
    static Nps of(List<Integer> scores) {
      int pro = (int) scores.stream().filter(s -> s >= 9).count();
      int det = (int) scores.stream().filter(s -> s <= 6).count();
      int n = scores.size();
      return new Nps(n, pro, n - pro - det, det, n == 0 ? null : Math.round(1000.0 * (pro - det) / n) / 10.0);
    }
  }

  /** A Net Promoter comment of the period, with its score and whom it counts for. */
  public record NpsComment(long conversationId, String channel, String team, String agent, int score, String category, String comment, Instant at) {}

  /** Ratings given, their average, and how many were 4 or 5. */
  public record Csat(int ratings, Double average, Share satisfied) {}
}
