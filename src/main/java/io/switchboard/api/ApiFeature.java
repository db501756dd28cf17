package io.switchboard.api;

import io.javalin.config.RoutesConfig;

/**
 * One feature's HTTP endpoints (conversations, quarantine, voice, KPIs, CSAT, ...), all declared in
 * its {@code register}: path, handler and, where not everyone may call it, the {@link Access} it
 * needs ({@code routes.post("/api/conversations/{id}/notes", this::note, Access.allow(WORKERS,
 * "write notes"))}). Pages render Pebble templates ({@code ctx.render}); parameters and bodies go
 * through {@link Http}'s Javalin validators; static files come from the server's {@code web/}
 * folder, not from handlers. The server registers every feature the same way, once; handlers run
 * concurrently and must be thread-safe. Authentication has run before any handler under {@code
 * /api/} except health; {@link Http#user} is the caller.
 */
@FunctionalInterface
public interface ApiFeature {
  void register(RoutesConfig routes);
}
