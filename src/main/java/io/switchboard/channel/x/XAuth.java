package io.switchboard.channel.x;

import twitter4j.HttpParameter;
import twitter4j.HttpRequest;
import twitter4j.auth.Authorization;
import twitter4j.auth.AuthorizationFactory;
import twitter4j.conf.Configuration;

/** How Twitter4J signs our requests: its own OAuth 1.0a, or an OAuth 2.0 user access token. */
final class XAuth {
  private XAuth() {}

  static Authorization of(XAccount.Credentials credentials, Configuration conf) {
    if (credentials.isBearer()) {
      return new Bearer(credentials.bearerToken());
    }
    return new JsonBodyOAuth1(AuthorizationFactory.getInstance(conf));
  }

  /** {@code Authorization: Bearer <token>}: an OAuth 2.0 user-context token. */
  static final class Bearer implements Authorization {
    private static final long serialVersionUID = 1L;
    private final String token;

    Bearer(String token) {
      this.token = token;
    }

    @Override
    public String getAuthorizationHeader(HttpRequest req) {
      return "Bearer " + token;
    }

    @Override
    public boolean isEnabled() {
      return true;
    }

    @Override
    public String toString() {
      return "Bearer ****";
    }
  }

  /**
   * Twitter4J 4.0.7's OAuth 1.0a signer, fed requests with a JSON body (every v2 write) without that
   * body: OAuth 1.0a signs only query and form parameters, and Twitter4J would otherwise try to sort
   * the nameless JSON parameter into the signature base string and fail.
   */
  static final class JsonBodyOAuth1 implements Authorization {
    private static final long serialVersionUID = 1L;
    private final Authorization oauth;

    JsonBodyOAuth1(Authorization oauth) {
      this.oauth = oauth;
    }

    @Override
    public String getAuthorizationHeader(HttpRequest req) {
      if (req.getParameters() != null && HttpParameter.containsJson(req.getParameters())) {
        req = new HttpRequest(req.getMethod(), req.getURL(), new HttpParameter[0], this, req.getRequestHeaders());
      }
      return oauth.getAuthorizationHeader(req);
    }

    @Override
    public boolean isEnabled() {
      return oauth.isEnabled();
    }

    @Override
    public String toString() {
      return "OAuth1 ****";
    }
  }
}
