package io.switchboard.workflow.sla;

import static io.switchboard.api.Http.idParam;
import static io.switchboard.api.Http.jsonBody;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.switchboard.api.Access;
import io.switchboard.api.ApiException;
import io.switchboard.api.ApiFeature;
import io.switchboard.api.Http;
import io.switchboard.store.ConversationActions;
import io.switchboard.store.UserStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /api/conversations/{id}/sla}: the due times and state of each SLA clock, the snooze
 * and the check-back. {@code POST /api/conversations/{id}/snooze} with {@code {"until": ISO
 * instant}} or {@code {"untilCustomerWrites": true}} sets an open or pending conversation pending
 * until then; {@code DELETE} on the same path opens it again. {@code GET /api/sla?ids=1,2,3} gives
 * the SLA view of several conversations at once, for the inbox list.
 */
public final class SlaApi implements ApiFeature {
  private static final Duration MAX_SNOOZE = Duration.ofDays(366);
  private static final String EXAMPLE = "{\"until\": \"2026-12-01T09:00:00Z\"} or {\"untilCustomerWrites\": true}";

  private final SlaStore store;
  private final SlaClocks clocks;
  private final FollowUps followUps;
  private final ConversationActions actions;
  private final SlaSettings settings;
  private final Clock clock;

  SlaApi(SlaStore store, SlaClocks clocks, FollowUps followUps, ConversationActions actions, SlaSettings settings, Clock clock) {
    this.clocks = clocks;
    this.store = store;
    this.followUps = followUps;
    this.actions = actions;
    this.settings = settings;
    this.clock = clock;
  }

  @Override
  public void register(RoutesConfig routes) {
    routes.get("/api/conversations/{id}/sla", this::sla);
    routes.post("/api/conversations/{id}/snooze", this::snooze, Access.allow(Http.WORKERS, "snooze conversations"));
    routes.delete("/api/conversations/{id}/snooze", this::unsnooze, Access.allow(Http.WORKERS, "snooze conversations"));
    routes.get("/api/sla", this::many);
  }

  /** {@code GET /api/sla?ids=1,2,3}: the same view for up to 200 conversations (the inbox list). */
  private void many(Context ctx) {
    String ids = Http.text(ctx, "ids");
    if (ids == null) {
      throw new ApiException(400, "ids must list conversation ids, like ?ids=1,2,3");
    }
    java.util.List<Map<String, Object>> items = new java.util.ArrayList<>();
    String[] parts = ids.split(",");
    if (parts.length > 200) {
      throw new ApiException(400, "at most 200 ids at once");
    }
    for (String part : parts) {
      long id;
      try {
        id = Long.parseLong(part.strip());
      } catch (NumberFormatException e) {
        throw new ApiException(400, "ids must be numbers, not '" + part.strip() + "'");
      }
      actions.state(id).ifPresent(state -> items.add(view(id, state.status(), store.find(id), followUps.state(id))));
    }
    ctx.json(Map.of("items", items));
  }

  private ConversationActions.State existing(long id) {
    return actions.state(id).orElseThrow(() -> new ApiException(404, "no conversation " + id));
  }

  private void sla(Context ctx) {
    long id = idParam(ctx);
    ConversationActions.State state = existing(id);
    ctx.json(view(id, state.status(), store.find(id), followUps.state(id)));
  }

  private void snooze(Context ctx) {
    UserStore.User user = Http.user(ctx);
    long id = idParam(ctx);
    JsonNode body = jsonBody(ctx, EXAMPLE);
    Instant until = null;
    boolean untilCustomer = body.path("untilCustomerWrites").asBoolean(false);
    if (body.hasNonNull("until")) {
      try {
        until = Instant.parse(body.get("until").asText()).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
      } catch (DateTimeParseException e) {
        throw new ApiException(400, "until must be an ISO instant like 2026-12-01T09:00:00Z");
      }
      Instant now = clock.instant();
      if (!until.isAfter(now)) {
        throw new ApiException(422, "until must be in the future");
      }
      if (until.isAfter(now.plus(MAX_SNOOZE))) {
        throw new ApiException(422, "until must be within " + MAX_SNOOZE.toDays() + " days");
      }
    } else if (!untilCustomer) {
      throw new ApiException(400, "body must be JSON like " + EXAMPLE);
    }
    String status = existing(id).status();
    if (!status.equals("open") && !status.equals("pending")) {
      throw new ApiException(409, "only open or pending conversations can be snoozed; this one is " + status);
    }
    followUps.snooze(id, until, user.username());
    if (actions.setStatus(id, "pending", user.username())) {
      // the answer shows the clocks stopped: run the clocks' reaction now; the status event's
      // delivery by the workflow-events route then finds them stopped and changes nothing
      clocks.statusChanged(id, status, "pending", user.username());
    }
    ctx.json(view(id, "pending", store.find(id), followUps.state(id)));
  }

  private void unsnooze(Context ctx) {
    UserStore.User user = Http.user(ctx);
    long id = idParam(ctx);
    existing(id);
    if (followUps.state(id).map(FollowUps.State::snoozed).orElse(false)) {
      // the follow-up reaction ends the snooze when the status leaves pending; run it (and the
      // clocks') now so the answer shows the result; the event's delivery then changes nothing
      if (actions.setStatus(id, "open", user.username())) {
        followUps.statusChanged(id, "pending", "open", user.username());
        clocks.statusChanged(id, "pending", "open", user.username());
      }
    }
    ConversationActions.State state = existing(id);
    ctx.json(view(id, state.status(), store.find(id), followUps.state(id)));
  }

  private Map<String, Object> view(long id, String status, Optional<SlaRow> found, Optional<FollowUps.State> follow) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("conversationId", id);
    out.put("status", status);
    if (found.isEmpty()) {
      out.put("policy", null);
    } else {
      SlaRow r = found.get();
      BusinessCalendar cal = settings.policies().calendar(r.calendar);
      out.put("policy", r.policy);
      out.put("calendar", cal.name());
      out.put("timeZone", cal.zone().getId());
      out.put("paused", r.pausedAt != null);
      out.put("pausedAt", r.pausedAt);
      out.put("firstResponse", target(r.firstDue, r.firstWarn, r.firstAt, r.firstMet, r.firstWarned, r.firstEscalated, r.pausedAt));
      Map<String, Object> next = new LinkedHashMap<>();
      String nextState =
          r.nextDue == null ? "idle" : r.pausedAt != null ? "paused" : r.nextBreached != null ? "breached" : r.nextWarned != null ? "warning" : "running";
      next.put("state", nextState);
      next.put("startedAt", r.nextStarted);
      next.put("dueAt", r.nextDue);
      next.put("warnAt", r.nextWarn);
      next.put("breaches", r.nextBreaches);
      next.put("escalatedAt", r.nextEscalated);
      out.put("nextResponse", next);
      out.put(
          "resolution",
          target(r.resolutionDue, r.resolutionWarn, r.resolvedAt, r.resolutionMet, r.resolutionWarned,
              r.resolutionEscalated, r.pausedAt));
      out.put("breachedAt", r.breachedAt);
      out.put("escalatedAt", r.escalatedAt);
    }
    FollowUps.State f = follow.orElse(null);
    Map<String, Object> snooze = null;
    if (f != null && f.snoozed()) {
      snooze = new LinkedHashMap<>();
      snooze.put("until", f.snoozedUntil());
      snooze.put("untilCustomerWrites", f.untilCustomer());
      snooze.put("by", f.snoozedBy());
    }
    out.put("snooze", snooze);
    Map<String, Object> checkBack = null;
    if (f != null && (f.checkBackDueAt() != null || f.checkBackSentAt() != null)) {
      checkBack = new LinkedHashMap<>();
      checkBack.put("dueAt", f.checkBackDueAt());
      checkBack.put("sentAt", f.checkBackSentAt());
      checkBack.put("messageId", f.checkBackMessageId());
    }
    out.put("checkBack", checkBack);
    return out;
  }

  /** One target's clock: its state and the moments that made it. */
  private static Map<String, Object> target(
      Instant due, Instant warn, Instant at, Boolean met, Instant warned, Instant escalated, Instant paused) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("state", state(due, at, met, escalated, warned, paused));
    out.put("dueAt", due);
    out.put("warnAt", warn);
    out.put("at", at);
    out.put("met", met);
    out.put("warnedAt", warned);
    out.put("escalatedAt", escalated);
    return out;
  }

  /** none, met, missed (done late), breached (overdue), paused, warning or running. */
  private static String state(Instant due, Instant done, Boolean met, Instant escalated, Instant warned, Instant paused) {
    if (due == null) {
      return "none";
    }
    if (done != null) {
      return Boolean.FALSE.equals(met) ? "missed" : "met";
    }
    if (escalated != null || Boolean.FALSE.equals(met)) {
      return "breached";
    }
    if (paused != null) {
      return "paused";
    }
    return warned != null ? "warning" : "running";
  }
}
