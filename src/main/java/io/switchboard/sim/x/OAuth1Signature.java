package io.switchboard.sim.x;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks an OAuth 1.0a HMAC-SHA1 {@code Authorization} header the way X does (RFC 5849): the
 * signature over method, URL and query parameters, keyed with the consumer and token secrets. A
 * JSON body is not signed.
 */
final class OAuth1Signature {
  private static final Pattern PARAM = Pattern.compile("([a-z_]+)=\"([^\"]*)\"");

  private OAuth1Signature() {}

  /** The header's oauth_* values, percent-decoded; empty when it is not an OAuth header. */
  static Map<String, String> parse(String header) {
    Map<String, String> out = new LinkedHashMap<>();
    if (header == null || !header.startsWith("OAuth ")) {
      return out;
    }
    Matcher m = PARAM.matcher(header.substring(6));
    while (m.find()) {
      out.put(m.group(1), URLDecoder.decode(m.group(2), StandardCharsets.UTF_8));
    }
    return out;
  }

  static boolean valid(
      Map<String, String> oauth,
      String method,
      String baseUrl,
      Map<String, List<String>> query,
      String consumerSecret,
      String tokenSecret) {
    String signature = oauth.get("oauth_signature");
    if (signature == null || !"HMAC-SHA1".equals(oauth.get("oauth_signature_method"))) {
      return false;
    }
    List<String[]> params = new ArrayList<>();
    oauth.forEach((k, v) -> {
      if (!k.equals("oauth_signature") && !k.equals("realm")) {
        params.add(new String[] {encode(k), encode(v)});
      }
    });
    query.forEach((k, vs) -> vs.forEach(v -> params.add(new String[] {encode(k), encode(v)})));
    params.sort((a, b) -> a[0].equals(b[0]) ? a[1].compareTo(b[1]) : a[0].compareTo(b[0]));
    StringBuilder normalized = new StringBuilder();
    for (String[] p : params) {
      if (normalized.length() > 0) {
        normalized.append('&');
      }
      normalized.append(p[0]).append('=').append(p[1]);
    }
    String base = method.toUpperCase() + "&" + encode(baseUrl) + "&" + encode(normalized.toString());
    String key = encode(consumerSecret) + "&" + encode(tokenSecret);
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
      byte[] expected = mac.doFinal(base.getBytes(StandardCharsets.UTF_8));
      byte[] given;
      try {
        given = Base64.getDecoder().decode(signature);
      } catch (IllegalArgumentException e) {
        return false;
      }
      return MessageDigest.isEqual(expected, given);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** RFC 3986 percent-encoding: everything but unreserved characters. */
  static String encode(String s) {
    StringBuilder out = new StringBuilder();
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~') {
        out.append((char) c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16))).append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
      }
    }
    return out.toString();
  }
}
