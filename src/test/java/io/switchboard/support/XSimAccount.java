package io.switchboard.support;

import io.switchboard.sim.x.XApiSimulator;
import java.util.LinkedHashMap;
import java.util.Map;

/** The settings of a test account reading the brand's X account on the simulator. */
public final class XSimAccount {
  private XSimAccount() {}

  /**
   * The brand's identity and the simulator's address with {@code token}, polling every {@code
   * poll}, waiting {@code timeout} for an answer and backing off from {@code backoff} up to {@code
   * backoffMax}; a mutable map, so callers add or replace keys.
   */
  public static Map<String, String> settings(
      XApiSimulator sim, String token, String poll, String timeout, String backoff, String backoffMax) {
    Map<String, String> s = new LinkedHashMap<>();
    s.put("channel", "x");
    s.put("user.id", sim.brand().id());
    s.put("handle", sim.brand().username());
    s.put("bearer.token", token);
    s.put("api.base", sim.baseUrl());
    s.put("poll.interval", poll);
    s.put("http.timeout", timeout);
    s.put("retry.backoff", backoff);
    s.put("retry.backoff.max", backoffMax);
    return s;
  }
}
