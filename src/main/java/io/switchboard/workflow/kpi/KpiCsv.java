package io.switchboard.workflow.kpi;

import io.switchboard.util.Csv;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/** A KPI report as CSV: one line per group and a total line; durations in seconds. */
final class KpiCsv {
  private KpiCsv() {}

  static String write(KpiReport r) {
    Csv header = Csv.minimal().row((Object[]) new String[] {r.groupBy(),
        "first_responses", "first_response_median_s", "first_response_avg_s",
        "resolved", "resolution_median_s", "resolution_avg_s", "handle_median_s", "handle_avg_s",
        "fcr_share", "sla_first_response_share", "sla_resolution_share", "sla_share",
        "ratings", "csat_avg", "csat_satisfied_share", "nps_responses", "nps"});
    // the group's name always quoted (an agent called "1" stays text), figures bare
    Csv out = Csv.textQuoted();
    List<KpiReport.Group> rows = new ArrayList<>(r.groups());
    rows.add(r.total());
    for (KpiReport.Group g : rows) {
      out.row(
          g.key(),
          g.firstResponse().count(), num(g.firstResponse().medianSeconds()), num(g.firstResponse().averageSeconds()),
          g.firstContactResolution().total(), num(g.resolution().medianSeconds()), num(g.resolution().averageSeconds()),
          num(g.handle().medianSeconds()), num(g.handle().averageSeconds()),
          num(g.firstContactResolution().share()), num(g.sla().firstResponse().share()), num(g.sla().resolution().share()),
          num(g.sla().overall().share()),
          g.csat().ratings(), num(g.csat().average()), num(g.csat().satisfied().share()),
          g.nps().responses(), num(g.nps().score()));
    }
    return header.toString() + out;
  }

  /** Three decimals, as a number (not a text cell). */
  private static BigDecimal num(Double d) {
    return d == null ? null : BigDecimal.valueOf(d).setScale(3, RoundingMode.HALF_UP);
  }
}
