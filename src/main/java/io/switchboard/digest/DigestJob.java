package io.switchboard.digest;

import io.switchboard.config.Settings;
import io.switchboard.store.JobRuns;
import jakarta.mail.MessagingException;
import java.time.Clock;
import java.util.function.BiConsumer;
import java.util.function.UnaryOperator;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bean the {@code digest} route calls, one step each: {@link #period} (what the scheduled digest
 * covers), {@link #compute}, {@link #render}, {@link #send}. Plain Java; the schedule lives in the
 * route file and {@code config/digest.properties}.
 */
public final class DigestJob {
  private static final Logger LOG = LoggerFactory.getLogger(DigestJob.class);

  private final DigestSettings settings;
  private final DigestService service;
  private final DigestRenderer renderer;
  private final Clock clock;
  private final JobRuns runs;

  /** @param runs decides which instance sends a period's digest when several share the database */
  public DigestJob(DigestSettings settings, DigestService service, DigestRenderer renderer, Clock clock, JobRuns runs) {
    this.settings = settings;
    this.service = service;
    this.renderer = renderer;
    this.clock = clock;
    this.runs = runs;
  }

  /**
   * Reads {@code digest.properties} and hands the route's placeholders ({@code digest.enabled},
   * {@code digest.cron}, {@code digest.timezone}) to {@code routeProperties}.
   */
  public static DigestJob create(
      Settings settings, Jdbi jdbi, UnaryOperator<String> env, BiConsumer<String, String> routeProperties) {
    DigestSettings s = DigestSettings.load(settings, env);
    s.routeProperties().forEach(routeProperties);
    Clock clock = Clock.systemUTC();
    return new DigestJob(
        s,
        new DigestService(new DigestQueries(jdbi), ThemeFinder.packaged(), s.options(), clock),
        new DigestRenderer(new DigestCharts(), s.zone(), s.subject(), s.inboxUrl()),
        clock,
        new JobRuns(jdbi, clock, settings.instanceName()));
  }

  public DigestSettings settings() {
    return settings;
  }

  /**
   * The configured length, ending at the start of today in the digest's time zone; null when
   * another instance already took this period's digest (the route then stops).
   */
  public Period period() {
    Period p = Period.endingToday(clock.instant(), settings.zone(), settings.period());
    if (!runs.claim("digest", p.from() + "/" + p.to())) {
      LOG.info("digest for {} .. {} is sent by another instance", p.from(), p.to());
      return null;
    }
    return p;
  }

  public Digest compute(Period period) {
    return service.digest(period);
  }

  public DigestRenderer.Rendered render(Digest digest) {
    return renderer.render(digest);
  }

  public void send(DigestRenderer.Rendered rendered) throws MessagingException {
    if (!settings.enabled()) {
      LOG.info("digest not sent: digest.recipients is empty");
      return;
    }
    new DigestMailer(settings.smtp().orElseThrow(), settings.from()).send(rendered, settings.recipients());
    LOG.info("digest '{}' sent to {} recipients", rendered.subject(), settings.recipients().size());
  }
}
