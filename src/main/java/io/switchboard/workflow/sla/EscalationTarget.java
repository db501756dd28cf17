package io.switchboard.workflow.sla;

import java.util.List;
import java.util.Optional;
import java.util.function.LongFunction;

/**
 * Who takes over a conversation whose SLA target was breached, and who is told by email. The
 * configured one names one lead for everything; team routing can answer per team instead.
 */
public interface EscalationTarget {
  /**
   * @param username the user the conversation is reassigned to; empty keeps the assignee
   * @param recipients email addresses told of the breach
   */
  record Lead(Optional<String> username, List<String> recipients) {
    public Lead {
      recipients = List.copyOf(recipients);
    }
  }

  Lead leadFor(long conversationId, String channel);

  /** The same lead and addresses for every conversation ({@code escalation:} in sla.yaml). */
  static EscalationTarget configured(Optional<String> lead, List<String> recipients) {
    Lead fixed = new Lead(lead, recipients);
    return (conversationId, channel) -> fixed;
  }

  /** The lead of the conversation's team when it has one, else {@code fallback}'s; the same addresses. */
  static EscalationTarget teamLeadOr(LongFunction<Optional<String>> teamLead, EscalationTarget fallback) {
    return (conversationId, channel) -> {
      Lead base = fallback.leadFor(conversationId, channel);
      return teamLead.apply(conversationId).map(l -> new Lead(Optional.of(l), base.recipients())).orElse(base);
    };
  }
}
