package io.switchboard.workflow.kpi;

import java.time.Instant;
import java.util.List;

/**
 * KPIs of a period, per group (agent, team or channel) and in total. Durations are in seconds;
 * a median or average is null when there is nothing to measure, a share is null when nothing
 * counts toward it.
 */
public record KpiReport(Instant from, Instant to, String groupBy, List<Group> groups, Group total) {

  public record Group(
      String key,
      Durations firstResponse,
      Durations resolution,
      Durations handle,
      Share firstContactResolution,
      Sla sla,
      Csat csat) {}

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

  /** Ratings given, their average, and how many were 4 or 5. */
  public record Csat(int ratings, Double average, Share satisfied) {}
}
