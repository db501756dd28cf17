package io.switchboard.api;

import static io.switchboard.api.Http.idParam;
import static io.switchboard.api.Http.intParam;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.switchboard.store.WorkflowEventStore;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Admins' view of the workflow events outbox (ADR 0030): events by state with their error, and a
 * retry for a parked one (after the cause is fixed). Like the quarantine, for admins only.
 */
public final class WorkflowEventsApi implements ApiFeature {
  private static final Set<String> ADMIN = Set.of("admin");
  private static final Set<String> STATES =
      Set.of(WorkflowEventStore.PENDING, WorkflowEventStore.DONE, WorkflowEventStore.PARKED);

  private final WorkflowEventStore events;

  public WorkflowEventsApi(WorkflowEventStore events) {
    this.events = events;
  }

  @Override
  public void register(RoutesConfig routes) {
    routes.get("/api/admin/workflow-events", this::list);
    routes.get("/api/admin/workflow-events/{id}", this::one);
    routes.post("/api/admin/workflow-events/{id}/retry", this::retry);
  }

  /** {@code ?state=pending|done|parked&limit=&offset=}: newest first, with the counts per state. */
  private void list(Context ctx) {
    Http.requireRole(ctx, ADMIN, "see workflow events");
    String state = ctx.queryParam("state");
    if (state != null && !STATES.contains(state)) {
      throw new ApiException(400, "state must be one of pending, done, parked");
    }
    var page = events.list(state, intParam(ctx, "limit", 50, 1, 500), intParam(ctx, "offset", 0, 0, Integer.MAX_VALUE));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("total", page.total());
    body.put("counts", events.counts());
    body.put("items", page.items());
    ctx.json(body);
  }

  private void one(Context ctx) {
    Http.requireRole(ctx, ADMIN, "see workflow events");
    long id = idParam(ctx);
    ctx.json(events.find(id).orElseThrow(() -> new ApiException(404, "no workflow event " + id)));
  }

  /** A parked event goes back to pending, due now, its attempts counted afresh. */
  private void retry(Context ctx) {
    Http.requireRole(ctx, ADMIN, "retry workflow events");
    long id = idParam(ctx);
    var event = events.find(id).orElseThrow(() -> new ApiException(404, "no workflow event " + id));
    // the row as the retry left it: the route may take it up, and park it again, at once
    ctx.json(events.retry(id).orElseThrow(
        () -> new ApiException(409, "workflow event " + id + " is " + event.state() + ", not parked")));
  }
}
