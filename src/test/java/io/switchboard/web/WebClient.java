package io.switchboard.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A client that behaves like the web page: signs in with the form, keeps the session cookie, sends
 * the CSRF token it got from {@code /api/me}. Redirects are not followed, so tests see them.
 */
final class WebClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  final String base;
  final CookieManager cookies = new CookieManager();
  private final HttpClient http;
  String csrf;

  record Response(int status, JsonNode json, String body, HttpResponse<String> raw) {
    String header(String name) {
      return raw.headers().firstValue(name).orElse(null);
    }
  }

  WebClient(int port) {
    this.base = "http://127.0.0.1:" + port;
    this.http = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER).build();
  }

  /** Posts the sign-in form; on success fetches the CSRF token. */
  Response signIn(String user, String password) {
    Response r = form("/login", Map.of("username", user, "password", password));
    if (r.status() == 303) {
      csrf = get("/api/me").json().path("csrfToken").asText(null);
    }
    return r;
  }

  Response form(String path, Map<String, String> fields) {
    String body =
        fields.entrySet().stream()
            .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
            .collect(Collectors.joining("&"));
    return send(
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  Response get(String path) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
  }

  /** A change as the page sends it: JSON with the CSRF token. */
  Response post(String path, Object body) {
    return send(json(path, body).header("X-CSRF-Token", csrf == null ? "" : csrf).POST(publisher(body)));
  }

  Response postWithoutCsrf(String path, Object body) {
    return send(json(path, body).POST(publisher(body)));
  }

  Response delete(String path) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).header("X-CSRF-Token", csrf == null ? "" : csrf).DELETE());
  }

  Response send(HttpRequest.Builder b) {
    try {
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      boolean isJson = r.headers().firstValue("Content-Type").orElse("").contains("json");
      return new Response(r.statusCode(), isJson && !r.body().isEmpty() ? JSON.readTree(r.body()) : null, r.body(), r);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private HttpRequest.Builder json(String path, Object body) {
    return HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json");
  }

  private static HttpRequest.BodyPublisher publisher(Object body) {
    try {
      return HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : JSON.writeValueAsString(body));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
