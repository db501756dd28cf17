package io.switchboard.api;

import io.javalin.security.RouteRole;
import io.switchboard.store.UserStore;
import java.util.Set;

/**
 * Who may use an endpoint, declared where the endpoint is registered ({@code routes.get(path,
 * handler, access)}) and checked by {@link ApiServer} before the handler runs (Javalin's access
 * manager: a {@code beforeMatched} handler over {@code ctx.routeRoles()}). A route without one is
 * open to anyone signed in (under {@code /api/}) or to anyone (elsewhere). Checks that depend on
 * the request itself (changing one's own availability, composing) stay in the handler with {@link
 * Http#requireRole}.
 */
public sealed interface Access extends RouteRole {
  /** An API endpoint for these roles; a refusal is 403 "role X cannot {@code action}". */
  record Api(Set<String> roles, String action) implements Access {}

  /**
   * A page for a browser session with one of these roles: without a session it redirects to
   * sign-in; with another role it shows the forbidden page saying {@code refusal}.
   */
  record Page(Set<String> roles, String refusal) implements Access {}

  /** An API endpoint only {@code roles} may use, to {@code action} ("reply", "read KPIs"). */
  static Api allow(Set<String> roles, String action) {
    return new Api(Set.copyOf(roles), action);
  }

  /** A page only {@code roles} may open. */
  static Page page(Set<String> roles, String refusal) {
    return new Page(Set.copyOf(roles), refusal);
  }

  /** A page anyone signed in may open. */
  static Page signedIn() {
    return new Page(UserStore.PEOPLE_ROLES, "");
  }
}
