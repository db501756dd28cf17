package io.switchboard.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.switchboard.config.Settings;
import io.switchboard.digest.Digest;
import io.switchboard.digest.DigestCharts;
import io.switchboard.digest.DigestCsv;
import io.switchboard.digest.DigestQueries;
import io.switchboard.digest.DigestService;
import io.switchboard.digest.DigestSettings;
import io.switchboard.digest.Period;
import io.switchboard.digest.ThemeFinder;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;

/**
 * The sentiment digest for marketing: {@code GET /api/digest} (JSON), {@code /api/digest.csv} and
 * the charts {@code /api/digest/chart/{name}.png}, each for {@code ?from=&to=} (ISO dates or
 * instants; the last 7 days by default). The dashboard page {@code /digest.html} and its script
 * and styles are static files ({@link ApiServer}) that read everything from here with the
 * browser's credentials.
 */
public final class DigestApi implements ApiFeature {
  /** Who may read digests. */
  public static final Set<String> READERS = Set.of("marketing", "lead", "admin");

  private static final Duration MAX_PERIOD = Duration.ofDays(366);

  private final DigestService digests;
  private final DigestCharts charts = new DigestCharts();
  private final ZoneId zone;
  private final Clock clock;

  public DigestApi(DigestService digests, ZoneId zone, Clock clock) {
    this.digests = digests;
    this.zone = zone;
    this.clock = clock;
  }

  /** With the content settings of {@code config/digest.properties}. */
  public static DigestApi create(Settings settings, Jdbi jdbi, Clock clock) {
    DigestSettings s = DigestSettings.load(settings, System::getenv);
    return new DigestApi(new DigestService(new DigestQueries(jdbi), ThemeFinder.packaged(), s.options(), clock), s.zone(), clock);
  }

  @Override
  public void register(RoutesConfig routes) {
    Access readers = Access.allow(READERS, "read digests");
    routes.get("/api/digest", ctx -> ctx.json(digest(ctx)), readers);
    routes.get("/api/digest.csv", this::csv, readers);
    routes.get("/api/digest/chart/{file}", this::chart, readers);
  }

  private Digest digest(Context ctx) {
    Period period;
    try {
      period = Period.parse(Http.text(ctx, "from"), Http.text(ctx, "to"), clock.instant(), zone, Duration.ofDays(7));
    } catch (IllegalArgumentException e) {
      throw new ApiException(400, e.getMessage());
    }
    if (period.length().compareTo(MAX_PERIOD) > 0) {
      throw new ApiException(400, "a digest covers at most 366 days");
    }
    return digests.digest(period);
  }

  private void csv(Context ctx) {
    Digest d = digest(ctx);
    ctx.header("Content-Disposition", "attachment; filename=\"digest-" + d.period().from().atZone(zone).toLocalDate() + ".csv\"");
    ctx.contentType("text/csv; charset=utf-8").result(DigestCsv.write(d));
  }

  private void chart(Context ctx) {
    String file = ctx.pathParam("file");
    String name = file.endsWith(".png") ? file.substring(0, file.length() - 4) : "";
    if (!DigestCharts.NAMES.contains(name)) {
      throw new ApiException(404, "no chart " + file + "; charts: " + DigestCharts.NAMES);
    }
    Digest d = digest(ctx);
    ctx.contentType("image/png").result(charts.chart(name, d).orElseThrow());
  }
}
