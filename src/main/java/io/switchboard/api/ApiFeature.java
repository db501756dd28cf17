package io.switchboard.api;

import io.javalin.config.RoutesConfig;

/**
 * One group of HTTP endpoints (conversations, quarantine, voice, ...). Registered once when the
 * server is built; handlers run concurrently and must be thread-safe. Authentication has run
 * before any handler under {@code /api/} except health; {@link Http#user} is the caller.
 */
@FunctionalInterface
public interface ApiFeature {
  void register(RoutesConfig routes);
}
