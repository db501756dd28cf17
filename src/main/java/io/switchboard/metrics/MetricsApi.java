package io.switchboard.metrics;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.switchboard.api.ApiException;
import io.switchboard.api.ApiFeature;
import io.switchboard.api.Authenticator;
import io.switchboard.store.UserStore;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Set;

/**
 * {@code GET /metrics} in Prometheus' text format. A scraper on this machine (a loopback client)
 * needs no sign-in, as node exporters are usually read; anyone else sends an API token ({@code
 * Authorization: Bearer ...}) of a user with the {@code admin} or {@code metrics} role. A {@code
 * metrics} user can read nothing else (the API refuses it).
 */
public final class MetricsApi implements ApiFeature {
  static final Set<String> ROLES = Set.of("admin", UserStore.METRICS_ROLE);
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final Metrics metrics;
  private final Authenticator auth;

  public MetricsApi(Metrics metrics, Authenticator auth) {
    this.metrics = metrics;
    this.auth = auth;
  }

  @Override
  public void register(RoutesConfig routes) {
    routes.get("/metrics", this::scrape);
  }

  private void scrape(Context ctx) {
    if (!loopback(ctx.req().getRemoteAddr())) {
      String authorization = ctx.header("Authorization");
      if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
        throw new ApiException(401, "metrics from another machine need an API token of a user with the admin or metrics role");
      }
      UserStore.User user =
          auth.token(authorization.substring(7).strip()).orElseThrow(() -> new ApiException(401, "unknown or revoked API token"));
      if (!ROLES.contains(user.role())) {
        throw new ApiException(403, "role " + user.role() + " cannot read metrics");
      }
    }
    ctx.header("Cache-Control", "no-store");
    ctx.contentType(CONTENT_TYPE).result(metrics.scrape());
  }

  static boolean loopback(String address) {
    try {
      return address != null && InetAddress.getByName(address).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
