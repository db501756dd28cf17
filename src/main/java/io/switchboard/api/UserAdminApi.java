package io.switchboard.api;

import static io.switchboard.api.Http.idParam;
import static io.switchboard.api.Http.jsonBody;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.switchboard.store.ApiTokenStore;
import io.switchboard.store.SessionStore;
import io.switchboard.store.UserAccounts;
import io.switchboard.store.UserStore;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Admins manage users (create, change role or name, reset password, disable) and API tokens
 * (create, shown once; list; revoke). A change to a user ends their sessions.
 */
final class UserAdminApi implements ApiFeature {
  private static final Set<String> ADMIN = Set.of("admin");
  private static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._-]{1,39}");
  static final int MIN_PASSWORD = 10;

  private final Authenticator auth;
  private final UserStore users;
  private final UserAccounts accounts;
  private final ApiTokenStore tokens;
  private final SessionStore sessions;
  private final ObjectMapper json;

  UserAdminApi(
      Authenticator auth,
      UserStore users,
      UserAccounts accounts,
      ApiTokenStore tokens,
      SessionStore sessions,
      ObjectMapper json) {
    this.auth = auth;
    this.users = users;
    this.accounts = accounts;
    this.tokens = tokens;
    this.sessions = sessions;
    this.json = json;
  }

  @Override
  public void register(RoutesConfig routes) {
    routes.get("/api/admin/users", this::listUsers, Access.allow(ADMIN, "manage users"));
    routes.post("/api/admin/users", this::createUser, Access.allow(ADMIN, "manage users"));
    routes.patch("/api/admin/users/{id}", this::updateUser, Access.allow(ADMIN, "manage users"));
    routes.get("/api/admin/tokens", this::listTokens, Access.allow(ADMIN, "manage API tokens"));
    routes.post("/api/admin/tokens", this::createToken, Access.allow(ADMIN, "manage API tokens"));
    routes.delete("/api/admin/tokens/{id}", this::revokeToken, Access.allow(ADMIN, "manage API tokens"));
  }

  private void listUsers(Context ctx) {
    ctx.json(Map.of("items", accounts.list()));
  }

  private void createUser(Context ctx) {
    JsonNode body = jsonBody(ctx, "{\"username\", \"displayName\", \"password\", \"role\"}");
    String username = body.path("username").asText("").strip();
    String role = body.path("role").asText("");
    String password = body.path("password").asText("");
    if (!USERNAME.matcher(username).matches()) {
      throw new ApiException(422, "username must be 2 to 40 of a-z, 0-9, '.', '_', '-', starting with a letter or digit");
    }
    checkRole(role);
    checkPassword(password);
    if (accounts.find(username).isPresent()) {
      throw new ApiException(409, "user " + username + " exists");
    }
    String displayName = body.path("displayName").asText(username).strip();
    UserStore.User u = users.create(username, displayName.isEmpty() ? username : displayName, password, role);
    ctx.status(201).json(accounts.find(u.id()).orElseThrow());
  }

  private void updateUser(Context ctx) {
    UserStore.User me = Http.user(ctx);
    long id = idParam(ctx);
    UserAccounts.Account account = accounts.find(id).orElseThrow(() -> new ApiException(404, "no user " + id));
    JsonNode body = jsonBody(ctx, "{\"role\": \"agent\"} or {\"disabled\": true}");
    String role = body.hasNonNull("role") ? body.get("role").asText() : null;
    Boolean disabled = body.hasNonNull("disabled") ? body.get("disabled").asBoolean() : null;
    String password = body.hasNonNull("password") ? body.get("password").asText() : null;
    String displayName = body.hasNonNull("displayName") ? body.get("displayName").asText().strip() : null;
    if (role != null) {
      checkRole(role);
    }
    if (password != null) {
      checkPassword(password);
    }
    boolean losesAdmin =
        account.role().equals("admin")
            && !account.disabled()
            && ((role != null && !role.equals("admin")) || Boolean.TRUE.equals(disabled));
    if (losesAdmin && accounts.activeAdmins() <= 1) {
      throw new ApiException(409, "the last admin cannot be disabled or given another role");
    }
    if (account.id() == me.id() && Boolean.TRUE.equals(disabled)) {
      throw new ApiException(409, "you cannot disable yourself");
    }
    accounts.update(id, displayName, role, disabled, password);
    if (role != null || disabled != null || password != null) {
      if (account.id() != me.id() || password == null) {
        sessions.deleteForUser(id);
      }
      auth.forgetRemembered();
    }
    ctx.json(accounts.find(id).orElseThrow());
  }

  private void listTokens(Context ctx) {
    ctx.json(Map.of("items", tokens.list()));
  }

  private void createToken(Context ctx) {
    UserStore.User me = Http.user(ctx);
    JsonNode body = jsonBody(ctx, "{\"username\": \"...\", \"name\": \"what it is for\"}");
    String username = body.path("username").asText(me.username());
    String name = body.path("name").asText("").strip();
    if (name.isEmpty() || name.length() > 100) {
      throw new ApiException(422, "name must say what the token is for (1 to 100 characters)");
    }
    UserAccounts.Account account =
        accounts.find(username).orElseThrow(() -> new ApiException(422, "no user " + username));
    if (account.disabled()) {
      throw new ApiException(422, "user " + username + " is disabled");
    }
    ApiTokenStore.Created created = tokens.create(account.id(), name, me.username());
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", created.id());
    out.put("username", account.username());
    out.put("name", name);
    out.put("token", created.token());
    out.put("note", "shown once: store it now");
    ctx.status(201).json(out);
  }

  private void revokeToken(Context ctx) {
    long id = idParam(ctx);
    if (!tokens.revoke(id)) {
      throw new ApiException(404, "no live token " + id);
    }
    ctx.status(204);
  }

  private static void checkRole(String role) {
    if (!UserStore.ROLES.contains(role)) {
      throw new ApiException(422, "role must be one of " + UserStore.ROLES);
    }
  }

  private static void checkPassword(String password) {
    if (password.length() < MIN_PASSWORD) {
      throw new ApiException(422, "password must have at least " + MIN_PASSWORD + " characters");
    }
  }
}
