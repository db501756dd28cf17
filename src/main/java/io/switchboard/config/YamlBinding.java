package io.switchboard.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Binds a YAML configuration file to records with Jackson, and turns every failure into a {@link
 * ConfigException} that names the file, the key path and the problem in the file's own terms:
 * {@code brand-voice.yaml: channels.x.maxEmojis: unknown key; expected one of [...]}.
 *
 * <p>Jackson checks the shape: keys (unknown keys are errors, duplicate keys too), and types (a
 * whole number must be written as one, not as {@code 1.5} or {@code "1"}). A single value stands
 * for a list of one. What the values mean (references between sections, ranges, required keys) the
 * caller checks after binding, naming keys with {@link Key}; a record may also refuse its values
 * in its constructor with an {@link IllegalArgumentException}, whose message becomes the problem at
 * that record's path.
 *
 * <p>The file is parsed whole before it is bound, so a syntax error is reported as such with its
 * line, not as a wrong type at the key where parsing stopped.
 */
public final class YamlBinding {
  private static final YAMLMapper YAML = mapper();

  private YamlBinding() {}

  private static YAMLMapper mapper() {
    YAMLMapper m =
        YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .build();
    // "5" is a text, not a number: say so rather than guess
    m.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
    m.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
    return m;
  }

  /** Reads and binds {@code file}, which must exist and hold a mapping. */
  public static <T> T read(Path file, Class<T> type) {
    return read(file, type, null);
  }

  /** Reads and binds {@code file}, which must exist; {@code whenEmpty} (if not null) for a file with no keys. */
  public static <T> T read(Path file, Class<T> type, T whenEmpty) {
    try (InputStream in = Files.newInputStream(file)) {
      return read(file.toString(), in, type, whenEmpty);
    } catch (IOException e) {
      throw new ConfigException(file.toString(), "-", "cannot read: " + firstLine(e.getMessage()));
    }
  }

  /**
   * Reads and binds a stream (the packaged copy of a file is inside the jar).
   *
   * @param name the file as errors name it
   */
  public static <T> T read(String name, InputStream in, Class<T> type) {
    return read(name, in, type, null);
  }

  private static <T> T read(String name, InputStream in, Class<T> type, T whenEmpty) {
    JsonNode root;
    try {
      root = YAML.readTree(in);
    } catch (JsonProcessingException e) {
      throw new ConfigException(name, line(e), syntaxProblem(e));
    } catch (IOException e) {
      throw new ConfigException(name, "-", "cannot read: " + firstLine(e.getMessage()));
    }
    if ((root == null || root.isMissingNode() || root.isNull()) && whenEmpty != null) {
      return whenEmpty;
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      throw new ConfigException(name, "-", "the file is empty");
    }
    if (!root.isObject()) {
      throw new ConfigException(name, "-", "must be a mapping of keys to values");
    }
    try {
      return YAML.treeToValue(root, type);
    } catch (JsonMappingException e) {
      throw new ConfigException(name, path(e), problem(e));
    } catch (JsonProcessingException e) {
      throw new ConfigException(name, "-", firstLine(e.getOriginalMessage()));
    }
  }

  private static String line(JsonProcessingException e) {
    JsonLocation at = e.getLocation();
    return at == null || at.getLineNr() < 0 ? "-" : "line " + at.getLineNr();
  }

  private static String syntaxProblem(JsonProcessingException e) {
    String message = firstLine(e.getOriginalMessage());
    if (message.startsWith("Duplicate field")) {
      // "Duplicate field 'brand' for `ObjectNode`: ..."
      int end = message.indexOf('\'', message.indexOf('\'') + 1);
      return "duplicate key " + message.substring("Duplicate field ".length(), end + 1);
    }
    return "not valid YAML: " + message;
  }

  /** {@code channels.x.maxLength}, {@code policies[2].urgency}; {@code -} for the whole file. */
  private static String path(JsonMappingException e) {
    StringBuilder b = new StringBuilder();
    for (JsonMappingException.Reference r : e.getPath()) {
      if (r.getFieldName() != null) {
        b.append(b.length() == 0 ? "" : ".").append(r.getFieldName());
      } else if (r.getIndex() >= 0) {
        b.append('[').append(r.getIndex()).append(']');
      }
    }
    return b.length() == 0 ? "-" : b.toString();
  }

  private static String problem(JsonMappingException e) {
    if (e instanceof UnrecognizedPropertyException u) {
      return "unknown key; expected one of " + List.copyOf(u.getKnownPropertyIds());
    }
    if (e instanceof ValueInstantiationException && e.getCause() instanceof IllegalArgumentException cause) {
      return firstLine(cause.getMessage());
    }
    if (e.getCause() instanceof IllegalArgumentException cause && cause.getMessage() != null) {
      return firstLine(cause.getMessage());
    }
    if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
      Object value = e instanceof InvalidFormatException f ? f.getValue() : null;
      return expected(m.getTargetType(), value);
    }
    return firstLine(e.getOriginalMessage());
  }

  /** What a value of {@code type} looks like, in the words of the configuration docs. */
  private static String expected(Class<?> type, Object value) {
    if (type == Integer.class || type == int.class || type == Long.class || type == long.class
        || type == Short.class || type == short.class) {
      return "must be a whole number";
    }
    if (type == Double.class || type == double.class || type == Float.class || type == float.class) {
      return "must be a number";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "must be true or false";
    }
    if (type == String.class) {
      return "must be a single value";
    }
    if (type.isEnum()) {
      List<String> names = Arrays.stream(type.getEnumConstants()).map(c -> c.toString().toLowerCase(java.util.Locale.ROOT)).toList();
      return (value == null ? "must be" : "'" + value + "' is not") + " one of " + names;
    }
    if (type.isArray() || Collection.class.isAssignableFrom(type)) {
      return "must be a list";
    }
    if (Map.class.isAssignableFrom(type) || type.isRecord()) {
      return "must be a mapping of keys to values";
    }
    return "must be a " + type.getSimpleName();
  }

  private static String firstLine(String s) {
    return s == null ? "" : s.lines().findFirst().orElse("");
  }

  /**
   * A key path in one file, for the errors that only the caller can see: {@code
   * Key.root(file).at("channels").at("x").at("maxLength")}.
   */
  public record Key(String file, String path) {
    public static Key root(String file) {
      return new Key(file, "");
    }

    public Key at(String key) {
      return new Key(file, path.isEmpty() ? key : path + "." + key);
    }

    public Key at(int index) {
      return new Key(file, path + "[" + index + "]");
    }

    public ConfigException error(String problem) {
      return new ConfigException(file, path.isEmpty() ? "-" : path, problem);
    }
  }
}
