package io.switchboard.workflow.sla;

import io.switchboard.model.WorkflowEvent;
import io.switchboard.store.WorkflowEventStore;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tick's half of the SLA: writes each due warning once and handles each breach once. A breach
 * claim, the reassignment to the lead, the raised urgency and the activity and audit rows commit
 * in one transaction, so an escalation is all there or not at all, and of several instances only
 * the one whose conditional UPDATE won acts. The email goes after the commit, at most once.
 */
final class Escalations {
  private static final Logger LOG = LoggerFactory.getLogger(Escalations.class);
  static final String ACTOR = "sla";
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("EEE d MMM yyyy HH:mm zzz", java.util.Locale.ENGLISH);

  private final SlaStore store;
  private final Policies policies;
  private final EscalationTarget target;
  private final Optional<EscalationMailer> mailer;
  private final boolean raiseUrgency;
  private final String inboxUrl;
  private final Clock clock;
  private volatile WorkflowEventStore events;

  Escalations(
      SlaStore store,
      Policies policies,
      EscalationTarget target,
      Optional<EscalationMailer> mailer,
      boolean raiseUrgency,
      String inboxUrl,
      Clock clock) {
    this.store = store;
    this.policies = policies;
    this.target = target;
    this.mailer = mailer;
    this.raiseUrgency = raiseUrgency;
    this.inboxUrl = inboxUrl;
    this.clock = clock;
  }

  void setEvents(WorkflowEventStore events) {
    this.events = events;
  }

  /** What one tick did, for logs and tests. */
  record Result(int warnings, int breaches, int escalations) {}

  Result tick() {
    Instant now = clock.instant();
    int warnings = 0;
    int breaches = 0;
    int escalations = 0;
    for (Target t : Target.values()) {
      for (long id : store.dueWarnings(t, now)) {
        if (warn(t, id, now)) {
          warnings++;
        }
      }
      for (long id : store.dueBreaches(t, now)) {
        Optional<Escalated> e = breach(t, id, now);
        if (e.isPresent()) {
          breaches++;
          if (e.get().escalated()) {
            escalations++;
            after(e.get());
          }
        }
      }
    }
    return new Result(warnings, breaches, escalations);
  }

  private boolean warn(Target t, long id, Instant now) {
    return store.jdbi().inTransaction(
        h -> {
          if (!SlaStore.claimWarning(h, t, id, now)) {
            return false;
          }
          SlaRow row = SlaStore.find(h, id).orElseThrow();
          SlaStore.activity(h, id, ACTOR, "sla-warning", t.label() + " due " + when(row, due(row, t)), now);
          return true;
        });
  }

  private record Escalated(
      long conversationId, Target target, boolean escalated, String fromAssignee, String toAssignee, List<String> recipients, String subject, String text) {}

  private Optional<Escalated> breach(Target t, long id, Instant now) {
    return store.jdbi().inTransaction(
        h -> {
          if (!SlaStore.claimBreach(h, t, id, now)) {
            return Optional.<Escalated>empty();
          }
          SlaRow row = SlaStore.find(h, id).orElseThrow();
          SlaStore.Conversation c = SlaStore.conversation(h, id).orElseThrow();
          WorkflowEventStore breachEvents = events;
          if (breachEvents != null) {
            breachEvents.append(WorkflowEvent.slaBreached(id, t.label())); // with the breach: webhooks
          }
          String was = t.label() + " was due " + when(row, due(row, t));
          if (!SlaStore.claimEscalation(h, t, id, now)) {
            SlaStore.activity(h, id, ACTOR, "sla-breach", was + "; escalated before, not again", now);
            return Optional.of(new Escalated(id, t, false, null, null, List.of(), null, null));
          }
          EscalationTarget.Lead lead = target.leadFor(id, c.channel());
          String assignee = lead.username().filter(u -> SlaStore.canWork(h, u)).orElse(c.assignee());
          String urgency = raiseUrgency ? Urgency.raise(c.urgency()) : c.urgency();
          SlaStore.reassign(h, id, assignee, urgency, now);
          List<String> did = new ArrayList<>();
          SlaStore.activity(h, id, ACTOR, "sla-breach", was, now);
          if (!Objects.equals(assignee, c.assignee())) {
            SlaStore.activity(h, id, ACTOR, "assignee", assignee, now);
            did.add("assigned to " + assignee);
          } else if (lead.username().isPresent() && !lead.username().get().equals(assignee)) {
            did.add("lead " + lead.username().get() + " cannot work conversations; assignee kept");
          }
          if (!Objects.equals(urgency, c.urgency())) {
            did.add("urgency " + Policies.urgencyOrNormal(c.urgency()) + " → " + urgency);
          }
          if (!lead.recipients().isEmpty() && mailer.isPresent()) {
            did.add("email to " + String.join(", ", lead.recipients()));
          }
          String detail = t.label() + " breached: " + (did.isEmpty() ? "nothing to change" : String.join("; ", did));
          SlaStore.activity(h, id, ACTOR, "sla-escalated", detail, now);
          SlaStore.audit(h, ACTOR, "sla.escalate", id, detail + " (" + was + ")", now);
          WorkflowEventStore out = events;
          if (out != null && !Objects.equals(assignee, c.assignee())) {
            // in this transaction: the reactions hear of the reassignment with the escalation
            out.append(WorkflowEvent.assigned(id, c.assignee(), assignee, ACTOR));
          }
          String subject = "SLA breached: " + t.label() + " on conversation #" + id + (c.subject() == null ? "" : " – " + c.subject());
          String text =
              "The " + t.label() + " target of conversation #" + id + " (" + c.channel() + ", policy " + row.policy + ") was missed.\n\n"
                  + was + ".\n"
                  + detail + ".\n\n"
                  + (inboxUrl.isEmpty() ? "" : "Open it: " + inboxUrl + "/#c" + id + "\n");
          return Optional.of(new Escalated(id, t, true, c.assignee(), assignee, lead.recipients(), subject, text));
        });
  }

  /** Tells the lead, after the commit; the email cannot undo the escalation. */
  private void after(Escalated e) {
    LOG.info("conversation {}: {} breached, escalated to {}", e.conversationId(), e.target().label(), e.toAssignee());
    if (mailer.isEmpty() || e.recipients().isEmpty()) {
      return;
    }
    try {
      mailer.get().send(new EscalationMailer.Notice(e.recipients(), e.subject(), e.text()));
    } catch (Exception ex) {
      LOG.warn("conversation {}: escalation email failed: {}", e.conversationId(), ex.toString());
      store.jdbi().useHandle(h -> SlaStore.activity(h, e.conversationId(), ACTOR, "sla-mail-failed", ex.getMessage(), clock.instant()));
    }
  }

  private static Instant due(SlaRow row, Target t) {
    return switch (t) {
      case FIRST_RESPONSE -> row.firstDue;
      case NEXT_RESPONSE -> row.nextDue;
      case RESOLUTION -> row.resolutionDue;
    };
  }

  private String when(SlaRow row, Instant at) {
    return at == null ? "-" : TIME.format(at.atZone(policies.calendar(row.calendar).zone()));
  }
}
