package io.switchboard.workflow.sla;

import io.switchboard.config.Settings;
import io.switchboard.conversation.Replies;
import io.switchboard.store.ConversationActions;
import io.switchboard.store.InboxQueries;
import io.switchboard.store.WorkflowEventStore;
import io.switchboard.voice.VoiceGuide;
import io.switchboard.workflow.WorkflowEvents;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongFunction;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SLAs and follow-ups, wired from {@code config/workflow/sla.yaml}: the listeners that run the
 * clocks ({@link #listeners}), and {@link #tick}, which the {@code sla} route calls every few
 * seconds to write warnings, escalate breaches, wake snoozes and send check-backs. Plain Java on a
 * {@link Clock}; safe to tick from several instances at once.
 */
public final class Sla {
  private static final Logger LOG = LoggerFactory.getLogger(Sla.class);

  private final SlaSettings settings;
  private final SlaStore store;
  private final SlaClocks clocks;
  private final Escalations escalations;
  private final FollowUps followUps;
  private final Clock clock;

  Sla(SlaSettings settings, Jdbi jdbi, EscalationTarget target, Optional<CheckBack> checkBack, Clock clock) {
    this.settings = settings;
    this.store = new SlaStore(jdbi);
    this.clocks = new SlaClocks(store, settings.policies(), settings.warnShare(), Set.of(settings.checkBack().author()), clock);
    this.escalations =
        new Escalations(
            store,
            settings.policies(),
            target,
            settings.escalation().smtp().map(EscalationMailer::new),
            settings.escalation().raiseUrgency(),
            settings.escalation().inboxUrl(),
            clock);
    this.followUps = new FollowUps(jdbi, clocks, settings.checkBack(), checkBack, clock);
    this.clock = clock;
  }

  /**
   * Reads the settings and wires everything; a breach goes to the lead of the conversation's team
   * when {@code teamLead} knows one, else to the configured lead.
   */
  public static Sla create(
      Settings settings, Jdbi jdbi, Clock clock, InboxQueries inbox, Replies replies, VoiceGuide guide,
      LongFunction<Optional<String>> teamLead) {
    return create(SlaSettings.load(settings), jdbi, clock, inbox, replies, guide, teamLead);
  }

  /** Wires everything from settings already read; the lead comes from the configuration. */
  public static Sla create(SlaSettings s, Jdbi jdbi, Clock clock, InboxQueries inbox, Replies replies, VoiceGuide guide) {
    return create(s, jdbi, clock, inbox, replies, guide, id -> Optional.empty());
  }

  private static Sla create(
      SlaSettings s, Jdbi jdbi, Clock clock, InboxQueries inbox, Replies replies, VoiceGuide guide,
      LongFunction<Optional<String>> teamLead) {
    EscalationTarget target =
        EscalationTarget.teamLeadOr(
            teamLead, EscalationTarget.configured(s.escalation().lead(), s.escalation().recipients()));
    Optional<CheckBack> checkBack =
        s.checkBack().enabled() ? Optional.of(new CheckBack(inbox, replies, guide, s.checkBack())) : Optional.empty();
    return new Sla(s, jdbi, target, checkBack, clock);
  }

  public SlaSettings settings() {
    return settings;
  }

  /** The reactions that run the clocks and follow-ups; the {@code workflow-events} route calls them. */
  public List<WorkflowEvents> listeners() {
    return List.of(clocks, followUps);
  }

  /** Where the tick's changes (reassignments, woken conversations) write their events. */
  public void setEvents(WorkflowEventStore events) {
    escalations.setEvents(events);
    followUps.setEvents(events);
  }

  /** What the route file reads as {@code {{sla.*}}} placeholders. */
  public Map<String, String> routeProperties() {
    return Map.of("sla.periodMs", String.valueOf(settings.tick().toMillis()));
  }

  /** What one tick did. */
  public record TickResult(int warnings, int breaches, int escalations, int woken, int checkBacks) {}

  /** One pass: warnings, breaches and escalations, snoozes that end, check-backs that are due. */
  public TickResult tick() {
    Escalations.Result e = escalations.tick();
    FollowUps.Result f = followUps.tick();
    TickResult r = new TickResult(e.warnings(), e.breaches(), e.escalations(), f.woken(), f.checkBacks());
    if (e.warnings() + e.breaches() + f.woken() + f.checkBacks() > 0) {
      LOG.info("sla tick: {}", r);
    }
    return r;
  }

  /** The HTTP endpoints: SLA state of a conversation, and snoozing. */
  public SlaApi api(ConversationActions actions) {
    return new SlaApi(store, clocks, followUps, actions, settings, clock);
  }

  FollowUps followUps() {
    return followUps;
  }
}
