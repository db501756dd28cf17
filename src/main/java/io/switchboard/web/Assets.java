package io.switchboard.web;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Static files of the web inbox from the classpath, held in memory once read. Names are plain
 * ({@code app.js}); nothing outside the folder can be asked for.
 */
final class Assets {
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]*\\.(js|css|svg|png|ico)");
  private static final Map<String, String> TYPES =
      Map.of(
          "js", "text/javascript; charset=utf-8",
          "css", "text/css; charset=utf-8",
          "svg", "image/svg+xml",
          "png", "image/png",
          "ico", "image/x-icon");

  private final String folder;
  private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

  Assets(String folder) {
    this.folder = folder;
  }

  void serve(Context ctx) {
    String name = ctx.pathParam("file");
    byte[] bytes = NAME.matcher(name).matches() ? cache.get(name) : null;
    if (bytes == null && NAME.matcher(name).matches()) {
      bytes = read(folder + name);
      if (bytes.length > 0) {
        cache.put(name, bytes);
      }
    }
    if (bytes == null || bytes.length == 0) {
      ctx.status(404).result("no such file").contentType("text/plain; charset=utf-8");
      return;
    }
    String ext = name.substring(name.lastIndexOf('.') + 1);
    ctx.contentType(TYPES.get(ext));
    // short, so a new jar's files are picked up soon; pages always ask again
    ctx.header("Cache-Control", "no-cache");
    ctx.result(bytes);
  }

  static String text(String resource) {
    byte[] b = read(resource);
    if (b.length == 0) {
      throw new IllegalStateException("missing resource " + resource);
    }
    return new String(b, StandardCharsets.UTF_8);
  }

  private static byte[] read(String resource) {
    try (InputStream in = Assets.class.getResourceAsStream(resource)) {
      return in == null ? new byte[0] : in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
