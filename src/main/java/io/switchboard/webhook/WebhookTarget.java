package io.switchboard.webhook;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Where a webhook may point: http or https only, with a host; and, unless an admin allowed it for
 * this webhook, never at this machine, a private network or a link-local address (cloud metadata
 * services live there), which an attacker with an admin's mistake could otherwise reach through
 * us. Checked when the webhook is saved and again, on the resolved addresses, before each delivery
 * (a name can be pointed elsewhere later).
 */
public final class WebhookTarget {
  private WebhookTarget() {}

  /** Why a URL is refused; the message is the API's 400 error. */
  public static final class Refused extends RuntimeException {
    public Refused(String message) {
      super(message);
    }
  }

  /** The URL parsed and checked; throws {@link Refused} saying what is wrong. */
  public static URI check(String url, boolean allowPrivate) {
    if (url == null || url.isBlank()) {
      throw new Refused("url is required");
    }
    URI uri;
    try {
      uri = new URI(url.strip());
    } catch (URISyntaxException e) {
      throw new Refused("url is not a valid URL: " + e.getReason());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new Refused("url must be http or https, not '" + (scheme.isEmpty() ? url : scheme) + "'");
    }
    if (uri.getHost() == null || uri.getHost().isBlank()) {
      throw new Refused("url has no host: " + url);
    }
    if (uri.getUserInfo() != null) {
      throw new Refused("url must not carry a user name or password; the payload is signed instead");
    }
    checkAddresses(uri.getHost(), allowPrivate);
    return uri;
  }

  /** Resolves {@code host} and refuses it when any address is internal and that is not allowed. */
  public static void checkAddresses(String host, boolean allowPrivate) {
    if (allowPrivate) {
      return;
    }
    InetAddress[] addresses;
    try {
      addresses = InetAddress.getAllByName(host);
    } catch (UnknownHostException e) {
      throw new Refused("url's host " + host + " does not resolve");
    }
    for (InetAddress a : addresses) {
      String kind = internal(a);
      if (kind != null) {
        throw new Refused(
            "url's host " + host + " is a " + kind + " address (" + a.getHostAddress()
                + "); set allowPrivate to true to allow it");
      }
    }
  }

  /** "loopback", "private", "link-local" and so on, or null for a public address. */
  static String internal(InetAddress a) {
    if (a.isLoopbackAddress()) {
      return "loopback";
    }
    if (a.isAnyLocalAddress()) {
      return "wildcard";
    }
    if (a.isLinkLocalAddress()) {
      return "link-local";
    }
    if (a.isSiteLocalAddress()) {
      return "private";
    }
    if (a.isMulticastAddress()) {
      return "multicast";
    }
    byte[] b = a.getAddress();
    if (a instanceof Inet6Address && (b[0] & 0xfe) == 0xfc) {
      return "private"; // unique local fc00::/7
    }
    if (b.length == 4 && (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64) {
      return "private"; // carrier-grade NAT 100.64.0.0/10
    }
    return null;
  }
}
