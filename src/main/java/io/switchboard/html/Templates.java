package io.switchboard.html;

import io.pebbletemplates.pebble.PebbleEngine;
import io.pebbletemplates.pebble.loader.ClasspathLoader;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The one Pebble configuration for every server-rendered page: templates from the classpath folder
 * {@code pages/}, every value escaped for HTML text and attributes (so no handler escapes by hand),
 * strict variables (a misspelt name fails in tests instead of rendering blank), compiled templates
 * cached. Pages pass values, never markup. Thread-safe.
 */
public final class Templates {
  private static final PebbleEngine PAGES = engine("pages");

  private Templates() {}

  /**
   * An HTML engine over the classpath folder {@code folder}, configured like the pages': for
   * anything else that renders HTML from templates (the digest email could share it).
   */
  public static PebbleEngine engine(String folder) {
    ClasspathLoader loader = new ClasspathLoader(Templates.class.getClassLoader());
    loader.setPrefix(folder);
    return new PebbleEngine.Builder()
        .loader(loader)
        .autoEscaping(true)
        .defaultEscapingStrategy("html")
        .strictVariables(true)
        .build();
  }

  /** Renders {@code pages/<name>} with {@code model}. */
  public static String page(String name, Map<String, ?> model) {
    StringWriter out = new StringWriter();
    try {
      @SuppressWarnings("unchecked")
      Map<String, Object> values = (Map<String, Object>) model;
      PAGES.getTemplate(name).evaluate(out, values);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }
}
