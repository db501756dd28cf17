package io.switchboard.workflow.kpi;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A KPI report as CSV: one line per group and a total line; durations in seconds. */
final class KpiCsv {
  private KpiCsv() {}

  static String write(KpiReport r) {
    StringBuilder out = new StringBuilder();
    out.append(String.join(",", r.groupBy(),
        "first_responses", "first_response_median_s", "first_response_avg_s",
        "resolved", "resolution_median_s", "resolution_avg_s", "handle_median_s", "handle_avg_s",
        "fcr_share", "sla_first_response_share", "sla_resolution_share", "sla_share",
        "ratings", "csat_avg", "csat_satisfied_share", "nps_responses", "nps")).append("\r\n");
    List<KpiReport.Group> rows = new ArrayList<>(r.groups());
    rows.add(r.total());
    for (KpiReport.Group g : rows) {
      out.append(String.join(",",
          quote(g.key()),
          String.valueOf(g.firstResponse().count()), num(g.firstResponse().medianSeconds()), num(g.firstResponse().averageSeconds()),
          String.valueOf(g.firstContactResolution().total()), num(g.resolution().medianSeconds()), num(g.resolution().averageSeconds()),
          num(g.handle().medianSeconds()), num(g.handle().averageSeconds()),
          num(g.firstContactResolution().share()), num(g.sla().firstResponse().share()), num(g.sla().resolution().share()),
          num(g.sla().overall().share()),
          String.valueOf(g.csat().ratings()), num(g.csat().average()), num(g.csat().satisfied().share()),
          String.valueOf(g.nps().responses()), num(g.nps().score()))).append("\r\n");
    }
    return out.toString();
  }

  private static String num(Double d) {
    return d == null ? "" : String.format(Locale.ROOT, "%.3f", d);
  }

  /** Quoted, with formula-starting characters defused (spreadsheets run them). */
  private static String quote(String s) {
    String v = s;
    if (!v.isEmpty() && "=+-@".indexOf(v.charAt(0)) >= 0) {
      v = "'" + v;
    }
    return "\"" + v.replace("\"", "\"\"") + "\"";
  }
}
