package io.switchboard.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.javalin.validation.ValidationError;
import io.javalin.validation.Validator;
import io.switchboard.store.UserStore;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Request helpers shared by the API features: the caller, roles, parameters (Javalin validators). */
public final class Http {
  static final String USER = "switchboard.user";
  static final String CSRF = "switchboard.csrf";
  private static final Pattern JAVALIN_CODE = Pattern.compile("[A-Z_]+");

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

  /**
   * The request body as a JSON object (Javalin's body validator over the server's JSON mapping);
   * 400 "body must be JSON like {@code example}" when it is not one.
   */
  public static JsonNode jsonBody(Context ctx, String example) {
    return valid(ctx.bodyValidator(JsonNode.class).check(JsonNode::isObject, "body must be JSON like " + example),
        "body must be JSON like " + example);
  }

  public static long idParam(Context ctx) {
    return valid(ctx.pathParamAsClass("id", Long.class), "id must be a number");
  }

  /** An optional whole-number query parameter within {@code [min, max]}; {@code fallback} when absent. */
  public static int intParam(Context ctx, String name, int fallback, int min, int max) {
    if (text(ctx, name) == null) {
      return fallback;
    }
    return valid(
        ctx.queryParamAsClass(name, Integer.class)
            .check(n -> n >= min && n <= max, name + " must be between " + min + " and " + max),
        name + " must be a number");
  }

  /**
   * The value a Javalin validator holds, or 400 {@code {"status": 400, "error": ...}} with the
   * message of the check that failed; {@code unreadable} when the text did not convert at all
   * (Javalin names those failures with codes like {@code TYPE_CONVERSION_FAILED}).
   */
  public static <T> T valid(Validator<T> validator, String unreadable) {
    return validator.getOrThrow(
        errors ->
            new ApiException(
                400,
                errors.values().stream()
                    .flatMap(List::stream)
                    .map(ValidationError::getMessage)
                    .filter(m -> !JAVALIN_CODE.matcher(m).matches())
                    .findFirst()
                    .orElse(unreadable)));
  }

  /** A query parameter, trimmed; null when absent or blank. */
  public static String text(Context ctx, String name) {
    String s = ctx.queryParam(name);
    return s == null || s.isBlank() ? null : s.trim();
  }
}
