package io.switchboard.workflow.kpi;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.switchboard.api.Access;
import io.switchboard.api.ApiException;
import io.switchboard.api.ApiFeature;
import io.switchboard.api.Http;
import io.switchboard.config.PropertiesFile;
import io.switchboard.config.Settings;
import io.switchboard.digest.Period;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;

/**
 * KPIs for team leads: {@code GET /api/kpis?from=&to=&groupBy=agent|team|channel} (JSON) and
 * {@code /api/kpis.csv}, for leads and admins only; and the page {@code /kpis} that shows them
 * (its script and styles are static files under {@code /assets/}).
 */
public final class KpiApi implements ApiFeature {
  /** Who may read KPIs. */
  public static final Set<String> READERS = Set.of("lead", "admin");

  private static final Duration MAX_PERIOD = Duration.ofDays(366);

  private final Kpis kpis;
  private final ZoneId zone;
  private final Clock clock;

  public KpiApi(Kpis kpis, ZoneId zone, Clock clock) {
    this.kpis = kpis;
    this.zone = zone;
    this.clock = clock;
  }

  /** With {@code config/kpis.properties} (teams, time zone) when present. */
  public static KpiApi create(Settings settings, Jdbi jdbi, Clock clock) {
    Path file = settings.configDir().resolve("kpis.properties");
    PropertiesFile config =
        Files.isRegularFile(file) ? PropertiesFile.load(file, System::getenv) : new PropertiesFile("kpis.properties", Map.of());
    ZoneId zone;
    try {
      zone = ZoneId.of(config.get("kpi.timezone", "UTC"));
    } catch (java.time.DateTimeException e) {
      throw new io.switchboard.config.ConfigException(config.name(), "kpi.timezone", "unknown time zone: " + e.getMessage());
    }
    return new KpiApi(new Kpis(new KpiQueries(jdbi, TeamLookup.load(config))), zone, clock);
  }

  @Override
  public void register(RoutesConfig routes) {
    Access readers = Access.allow(READERS, "read KPIs");
    routes.get("/api/kpis", ctx -> ctx.json(report(ctx)), readers);
    routes.get("/api/kpis.csv", this::csv, readers);
    routes.get("/kpis", ctx -> ctx.render("kpis.html.peb"), Access.page(READERS, "Only team leads and admins can open this page."));
  }

  private KpiReport report(Context ctx) {
    Period period;
    Kpis.GroupBy groupBy;
    try {
      period = Period.parse(Http.text(ctx, "from"), Http.text(ctx, "to"), clock.instant(), zone, Duration.ofDays(7));
      groupBy = Kpis.GroupBy.parse(Optional.ofNullable(Http.text(ctx, "groupBy")).orElse("agent"));
    } catch (IllegalArgumentException e) {
      throw new ApiException(400, e.getMessage());
    }
    if (period.length().compareTo(MAX_PERIOD) > 0) {
      throw new ApiException(400, "KPIs cover at most 366 days");
    }
    return kpis.report(period, groupBy);
  }

  private void csv(Context ctx) {
    KpiReport r = report(ctx);
    ctx.header("Content-Disposition", "attachment; filename=\"kpis-" + r.groupBy() + "-" + r.from().atZone(zone).toLocalDate() + ".csv\"");
    ctx.contentType("text/csv; charset=utf-8").result(KpiCsv.write(r));
  }
}
