package io.switchboard.demo;

import io.switchboard.workflow.nps.NpsStore;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's Net Promoter answers, so {@code /kpis} shows NPS figures and comments on a first
 * start: once the sample conversations have arrived, eight of them get a score (promoters,
 * passives, detractors) and some a comment, as if customers had answered the survey. Runs once,
 * on a background thread that gives up after two minutes.
 */
public final class DemoNps {
  private static final Logger LOG = LoggerFactory.getLogger(DemoNps.class);

  /** Score and comment (null: none) of the answers, given to the demo conversations in id order. */
  record Answer(int score, String comment) {}

  static final List<Answer> ANSWERS =
      List.of(
          new Answer(10, "Replacement strap arrived in two days. Brilliant service."),
          new Answer(9, null),
          new Answer(3, "Nobody called me back."),
          new Answer(8, null),
          new Answer(10, "The Atlas 45 survived eleven countries."),
          new Answer(6, "Friendly people, but it all took ages."),
          new Answer(9, null),
          new Answer(7, "Good bags, but the delivery tracking is confusing."));

  private DemoNps() {}

  /** Seeds the answers once enough sample conversations are stored; returns at once. */
  public static void seedWhenReady(Jdbi jdbi, Clock clock) {
    ScheduledExecutorService timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "demo-nps");
              t.setDaemon(true);
              return t;
            });
    AtomicInteger tries = new AtomicInteger();
    timer.scheduleWithFixedDelay(
        () -> {
          try {
            if (seed(jdbi, clock) || tries.incrementAndGet() > 120) {
              timer.shutdown();
            }
          } catch (RuntimeException e) {
            LOG.debug("demo NPS answers not seeded: {}", e.toString());
            timer.shutdown();
          }
        },
        1,
        1,
        TimeUnit.SECONDS);
  }

  /** @return whether the answers are there (seeded now or before) */
  static boolean seed(Jdbi jdbi, Clock clock) {
    NpsStore store = new NpsStore(jdbi, clock);
    List<Long> ids = store.conversationIds(List.of("email", "x"));
    if (ids.size() < 20) {
      return false;
    }
    int n = 0;
    for (int i = 0; i < ANSWERS.size(); i++) {
      // every third conversation, so channels and teams mix
      if (store.recordAnswered(ids.get((i * 3) % ids.size()), ANSWERS.get(i).score(), ANSWERS.get(i).comment())) {
        n++;
      }
    }
    LOG.info("demo: {} Net Promoter answers seeded", n);
    return true;
  }
}
