package io.switchboard.workflow.routing;

import static io.switchboard.api.Http.idParam;
import static io.switchboard.api.Http.jsonBody;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.switchboard.api.Access;
import io.switchboard.api.ApiException;
import io.switchboard.api.ApiFeature;
import io.switchboard.api.ApiServer;
import io.switchboard.api.Http;
import io.switchboard.store.UserAccounts;
import io.switchboard.store.UserStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Teams, agents' skills, capacity and availability, and the routing rules. Leads and admins read;
 * admins change (an agent may change only their own availability). Every change is audited.
 */
public final class RoutingApi implements ApiFeature {
  private static final Set<String> READERS = Set.of("lead", "admin");
  private static final Set<String> EDITORS = Set.of("admin");

  private final RoutingStore store;
  private final UserAccounts accounts;
  private final ObjectMapper json = ApiServer.jsonMapper();

  public RoutingApi(RoutingStore store, UserAccounts accounts) {
    this.store = store;
    this.accounts = accounts;
  }

  @Override
  public void register(RoutesConfig routes) {
    routes.get("/api/teams", this::teams, Access.allow(READERS, "read teams"));
    routes.put("/api/teams", this::putTeams, Access.allow(EDITORS, "change teams"));
    routes.get("/api/teams/{name}", this::team, Access.allow(READERS, "read teams"));
    routes.put("/api/teams/{name}", this::putTeam, Access.allow(EDITORS, "change teams"));
    routes.delete("/api/teams/{name}", this::deleteTeam, Access.allow(EDITORS, "change teams"));
    routes.get("/api/agents", this::agents, Access.allow(READERS, "read agents"));
    routes.get("/api/agents/{username}", this::agent);
    routes.put("/api/agents/{username}", this::putAgent, Access.allow(EDITORS, "change agents"));
    routes.put("/api/agents/{username}/skills", this::putSkills, Access.allow(EDITORS, "change agents' skills"));
    routes.put("/api/agents/{username}/capacity", this::putCapacity, Access.allow(EDITORS, "change agents' capacity"));
    routes.put("/api/agents/{username}/availability", this::putAvailability);
    routes.get("/api/routing/rules", this::rules, Access.allow(READERS, "read routing rules"));
    routes.put("/api/routing/rules", this::putRules, Access.allow(EDITORS, "change routing rules"));
    routes.get("/api/conversations/{id}/team", this::conversationTeam);
    routes.post("/api/conversations/{id}/team", this::moveConversation, Access.allow(READERS, "move conversations between teams"));
  }

  private void teams(Context ctx) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("items", store.teams());
    out.put("defaultTeam", store.defaultTeam().orElse(null));
    ctx.json(out);
  }

  private void team(Context ctx) {
    Team team = existingTeam(ctx.pathParam("name"));
    Map<String, Object> out = new LinkedHashMap<>(json.convertValue(team, new TypeReference<Map<String, Object>>() {}));
    out.put("agents", team.members().stream().map(m -> store.agent(m).orElseGet(() -> store.defaultAgent(m))).toList());
    out.put("queue", store.unassigned(team.name()));
    ctx.json(out);
  }

  private void putTeam(Context ctx) {
    UserStore.User user = Http.user(ctx);
    ObjectNode body = (ObjectNode) jsonBody(ctx, "{\"members\": [\"ada\"], \"lead\": \"lee\"}");
    body.put("name", ctx.pathParam("name"));
    Team team = read(body, Team.class);
    checkUsers(team);
    store.putTeam(team, user.username());
    ctx.json(team);
  }

  private void putTeams(Context ctx) {
    UserStore.User user = Http.user(ctx);
    JsonNode body = jsonBody(ctx, "{\"teams\": [{\"name\": \"support\", \"members\": [\"ada\"]}]}");
    List<Team> teams = new ArrayList<>();
    for (JsonNode t : body.path("teams")) {
      teams.add(read(t, Team.class));
    }
    teams.forEach(this::checkUsers);
    teams.forEach(t -> store.putTeam(t, user.username()));
    ctx.json(Map.of("items", store.teams()));
  }

  private void deleteTeam(Context ctx) {
    UserStore.User user = Http.user(ctx);
    String name = ctx.pathParam("name");
    boolean deleted;
    try {
      deleted = store.deleteTeam(name, user.username());
    } catch (IllegalArgumentException e) {
      throw new ApiException(409, e.getMessage());
    }
    if (!deleted) {
      throw new ApiException(404, "no team " + name);
    }
    ctx.status(204);
  }

  private void agents(Context ctx) {
    ctx.json(Map.of("items", store.agents()));
  }

  private void agent(Context ctx) {
    UserStore.User user = Http.user(ctx);
    String name = ctx.pathParam("username");
    if (!name.equals(user.username())) {
      Http.requireRole(ctx, READERS, "read agents");
    }
    ctx.json(store.agent(name).orElseThrow(() -> new ApiException(404, "no agent profile for " + name)));
  }

  private void putAgent(Context ctx) {
    UserStore.User user = Http.user(ctx);
    ObjectNode body = (ObjectNode) jsonBody(ctx, "{\"languages\": [\"en\"], \"channels\": [], \"capacity\": 8, \"available\": true}");
    String name = existingUser(ctx.pathParam("username"));
    Agent before = store.agent(name).orElseGet(() -> store.defaultAgent(name));
    body.put("username", name);
    if (!body.has("capacity")) {
      body.put("capacity", before.capacity());
    }
    if (!body.has("available")) {
      body.put("available", before.available());
    }
    Agent agent = read(body, Agent.class);
    store.putAgent(agent, user.username(), "agent.update");
    ctx.json(agent);
  }

  private void putSkills(Context ctx) {
    UserStore.User user = Http.user(ctx);
    JsonNode body = jsonBody(ctx, "{\"languages\": [\"en\", \"de\"], \"channels\": [\"email\"]}");
    Agent before = profile(ctx.pathParam("username"));
    Agent after =
        valid(() -> new Agent(before.username(),
            body.has("languages") ? strings(body.get("languages")) : before.languages(),
            body.has("channels") ? strings(body.get("channels")) : before.channels(),
            before.capacity(), before.available()));
    store.putAgent(after, user.username(), "agent.skills");
    ctx.json(after);
  }

  private void putCapacity(Context ctx) {
    UserStore.User user = Http.user(ctx);
    JsonNode body = jsonBody(ctx, "{\"capacity\": 8}");
    if (!body.path("capacity").canConvertToInt()) {
      throw new ApiException(400, "body must be JSON like {\"capacity\": 8}");
    }
    Agent before = profile(ctx.pathParam("username"));
    Agent after = valid(() -> new Agent(before.username(), before.languages(), before.channels(), body.get("capacity").asInt(), before.available()));
    store.putAgent(after, user.username(), "agent.capacity");
    ctx.json(after);
  }

  /** Admins set anyone's availability; an agent sets their own (a break, the end of a shift). */
  private void putAvailability(Context ctx) {
    UserStore.User user = Http.user(ctx);
    String name = ctx.pathParam("username");
    if (!(user != null && name.equals(user.username()) && Http.WORKERS.contains(user.role()))) {
      user = Http.requireRole(ctx, EDITORS, "change other agents' availability");
    }
    JsonNode body = jsonBody(ctx, "{\"available\": false}");
    if (!body.path("available").isBoolean()) {
      throw new ApiException(400, "body must be JSON like {\"available\": false}");
    }
    Agent before = profile(name);
    Agent after = new Agent(before.username(), before.languages(), before.channels(), before.capacity(), body.get("available").asBoolean());
    store.putAgent(after, user.username(), "agent.availability");
    ctx.json(after);
  }

  private void rules(Context ctx) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("rules", store.rules());
    out.put("defaultTeam", store.defaultTeam().orElse(null));
    ctx.json(out);
  }

  private void putRules(Context ctx) {
    UserStore.User user = Http.user(ctx);
    JsonNode body = jsonBody(ctx, "{\"rules\": [{\"team\": \"billing\", \"words\": [\"refund\"]}], \"defaultTeam\": \"support\"}");
    List<Rule> rules = new ArrayList<>();
    for (JsonNode r : body.path("rules")) {
      rules.add(read(r, Rule.class));
    }
    String defaultTeam = body.path("defaultTeam").isTextual() ? body.get("defaultTeam").asText() : null;
    valid(() -> {
      store.putRules(rules, defaultTeam, user.username());
      return null;
    });
    rules(ctx);
  }

  private void conversationTeam(Context ctx) {
    long id = idParam(ctx);
    ctx.json(store.placement(id).orElseThrow(() -> new ApiException(404, "conversation " + id + " is in no team")));
  }

  private void moveConversation(Context ctx) {
    UserStore.User user = Http.user(ctx);
    long id = idParam(ctx);
    String team = jsonBody(ctx, "{\"team\": \"billing\"}").path("team").asText("");
    valid(() -> {
      store.moveToTeam(id, team, user.username());
      return null;
    });
    conversationTeam(ctx);
  }

  // --- helpers

  private Team existingTeam(String name) {
    return store.team(name).orElseThrow(() -> new ApiException(404, "no team " + name));
  }

  private Agent profile(String username) {
    String name = existingUser(username);
    return store.agent(name).orElseGet(() -> store.defaultAgent(name));
  }

  private String existingUser(String username) {
    UserAccounts.Account a = accounts.find(username).orElseThrow(() -> new ApiException(404, "no user " + username));
    if (!Http.WORKERS.contains(a.role())) {
      throw new ApiException(422, username + " cannot work conversations");
    }
    return a.username();
  }

  private void checkUsers(Team team) {
    for (String m : team.members()) {
      UserAccounts.Account a = accounts.find(m).orElseThrow(() -> new ApiException(422, "no user " + m));
      if (!Http.WORKERS.contains(a.role())) {
        throw new ApiException(422, m + " cannot work conversations");
      }
    }
    if (team.lead() != null && accounts.find(team.lead()).isEmpty()) {
      throw new ApiException(422, "no user " + team.lead());
    }
  }

  private static List<String> strings(JsonNode array) {
    if (!array.isArray()) {
      throw new ApiException(400, "expected a list of strings");
    }
    List<String> out = new ArrayList<>();
    array.forEach(v -> out.add(v.asText()));
    return out;
  }

  private <T> T read(JsonNode node, Class<T> type) {
    try {
      return json.treeToValue(node, type);
    } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
      Throwable cause = e.getCause() instanceof IllegalArgumentException ? e.getCause() : e;
      String message = cause.getMessage() == null ? "invalid " + type.getSimpleName() : cause.getMessage();
      int nl = message.indexOf('\n');
      throw new ApiException(422, nl < 0 ? message : message.substring(0, nl));
    }
  }

  private static <T> T valid(java.util.function.Supplier<T> build) {
    try {
      return build.get();
    } catch (IllegalArgumentException e) {
      throw new ApiException(422, e.getMessage());
    }
  }
}
