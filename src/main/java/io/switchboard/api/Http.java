package io.switchboard.api;

import io.javalin.http.Context;
import io.switchboard.store.UserStore;
import java.util.Set;

/** Request helpers shared by the API features: the caller, roles, parameters. */
public final class Http {
  static final String USER = "switchboard.user";
  static final String CSRF = "switchboard.csrf";

  /** Roles that work conversations: reply, note, tag, change status. */
  public static final Set<String> WORKERS = Set.of("agent", "lead", "admin");

  private Http() {}

  public static UserStore.User user(Context ctx) {
    return ctx.attribute(USER);
  }

  /** Refuses with 403 unless the caller has one of {@code roles}. */
  public static UserStore.User requireRole(Context ctx, Set<String> roles, String action) {
    UserStore.User user = user(ctx);
    if (user == null || !roles.contains(user.role())) {
      throw new ApiException(403, "role " + (user == null ? "none" : user.role()) + " cannot " + action);
    }
    return user;
  }

  /** The session's CSRF token when the caller signed in with a session, else null. */
  public static String csrfToken(Context ctx) {
    return ctx.attribute(CSRF);
  }

  /** The request body as a JSON object; 400 when it is not one. */
  public static com.fasterxml.jackson.databind.JsonNode jsonBody(
      Context ctx, com.fasterxml.jackson.databind.ObjectMapper json, String example) {
    com.fasterxml.jackson.databind.JsonNode body;
    try {
      body = json.readTree(ctx.body());
    } catch (Exception e) {
      body = null;
    }
    if (body == null || !body.isObject()) {
      throw new ApiException(400, "body must be JSON like " + example);
    }
    return body;
  }

  public static long idParam(Context ctx) {
    try {
      return Long.parseLong(ctx.pathParam("id"));
    } catch (NumberFormatException e) {
      throw new ApiException(400, "id must be a number");
    }
  }

  public static int intParam(Context ctx, String name, int fallback, int min, int max) {
    String v = text(ctx, name);
    if (v == null) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(v);
      if (n < min || n > max) {
        throw new ApiException(400, name + " must be between " + min + " and " + max);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new ApiException(400, name + " must be a number");
    }
  }

  /** A query parameter, trimmed; null when absent or blank. */
  public static String text(Context ctx, String name) {
    String s = ctx.queryParam(name);
    return s == null || s.isBlank() ? null : s.trim();
  }
}
