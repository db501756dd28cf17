package io.switchboard.digest;

import io.switchboard.config.Settings;
import io.switchboard.store.JobRuns;
import jakarta.mail.MessagingException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
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
  private static final String JOB = "digest";

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
        new JobRuns(jdbi, clock, settings.instanceName(), s.claimTtl()));
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
    if (!runs.claim(JOB, key(p))) {
      LOG.info("digest for {} .. {} is sent by another instance", p.from(), p.to());
      return null;
    }
    return p;
  }

  /**
   * A period whose digest an instance claimed and did not finish (it died), taken over now that
   * its claim expired; null when there is none. The {@code digest-takeover} route asks on a timer.
   */
  public Period abandoned() {
    for (String key : runs.abandoned(JOB)) {
      if (runs.claim(JOB, key)) {
        int slash = key.indexOf('/');
        Period p = new Period(Instant.parse(key.substring(0, slash)), Instant.parse(key.substring(slash + 1)));
        LOG.warn("taking over the digest for {} .. {}: the instance that claimed it did not finish", p.from(), p.to());
        return p;
      }
    }
    return null;
  }

  public Digest compute(Period period) {
    return service.digest(period);
  }

  public Outgoing render(Digest digest) {
    return new Outgoing(key(digest.period()), renderer.render(digest));
  }

  /**
   * Sends the digest to each recipient not reached yet, one message each, recording each one
   * (ADR 0038); then marks the run done. Stops when the claim was lost to another instance.
   */
  public void send(Outgoing out) throws MessagingException {
    if (!settings.enabled()) {
      LOG.info("digest not sent: digest.recipients is empty");
      runs.finish(JOB, out.runKey());
      return;
    }
    DigestMailer mailer = new DigestMailer(settings.smtp().orElseThrow(), settings.from());
    int sent = 0;
    for (String to : settings.recipients()) {
      if (runs.reached(JOB, out.runKey(), to)) {
        continue;
      }
      mailer.send(out.rendered(), List.of(to));
      sent++;
      if (!runs.reach(JOB, out.runKey(), to)) {
        LOG.warn("digest '{}': another instance took the run over; stopping", out.rendered().subject());
        return;
      }
    }
    runs.finish(JOB, out.runKey());
    LOG.info("digest '{}' sent to {} of {} recipients (the others had it already)",
        out.rendered().subject(), sent, settings.recipients().size());
  }

  private static String key(Period p) {
    return p.from() + "/" + p.to();
  }

  /** A rendered digest and the run it belongs to. */
  public record Outgoing(String runKey, DigestRenderer.Rendered rendered) {}
}
