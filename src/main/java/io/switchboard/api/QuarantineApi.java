package io.switchboard.api;

import static io.switchboard.api.Http.idParam;
import static io.switchboard.api.Http.intParam;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.switchboard.conversation.IngestGateway;
import io.switchboard.conversation.IngestItem;
import io.switchboard.model.RawInbound;
import io.switchboard.store.QuarantineStore;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/** Admins' view of input that could not be read: list, raw bytes, reprocess through ingest. */
final class QuarantineApi implements ApiFeature {
  private static final Set<String> ADMIN = Set.of("admin");

  private final QuarantineStore quarantine;
  private final Supplier<IngestGateway> ingest;

  QuarantineApi(QuarantineStore quarantine, Supplier<IngestGateway> ingest) {
    this.quarantine = quarantine;
    this.ingest = ingest;
  }

  @Override
  public void register(RoutesConfig routes) {
    routes.get("/api/quarantine", this::list, Access.allow(ADMIN, "see quarantine"));
    routes.get("/api/quarantine/{id}/raw", this::raw, Access.allow(ADMIN, "see quarantine"));
    routes.post("/api/quarantine/{id}/reprocess", this::reprocess, Access.allow(ADMIN, "reprocess quarantine"));
  }

  private void list(Context ctx) {
    ctx.json(quarantine.list(intParam(ctx, "limit", 50, 1, 500), intParam(ctx, "offset", 0, 0, Integer.MAX_VALUE)));
  }

  private QuarantineStore.Raw find(Context ctx) {
    long id = idParam(ctx);
    return quarantine.raw(id).orElseThrow(() -> new ApiException(404, "no quarantined input " + id));
  }

  private void raw(Context ctx) {
    QuarantineStore.Raw raw = find(ctx);
    ctx.contentType(raw.channel().equals("email") ? "message/rfc822" : "application/octet-stream");
    ctx.result(raw.bytes());
  }

  /** Runs quarantined input through ingest again, e.g. after a parser fix; stored input leaves. */
  private void reprocess(Context ctx) {
    QuarantineStore.Raw raw = find(ctx);
    IngestItem result =
        ingest.get().ingest(new RawInbound(raw.channel(), raw.account(), raw.sourceRef(), raw.bytes()));
    if (result.outcome() == IngestItem.Outcome.STORED || result.outcome() == IngestItem.Outcome.DUPLICATE) {
      quarantine.remove(idParam(ctx));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("outcome", result.outcome().name().toLowerCase(Locale.ROOT));
    body.put("conversationId", result.conversationId());
    body.put("reason", result.reason());
    ctx.json(body);
  }
}
