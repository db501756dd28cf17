package io.switchboard.voice;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.switchboard.config.ConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A node of a YAML file that knows its file and key path, so every error names both: {@code
 * brand-voice.yaml: channels.x.maxLength.public: must be a whole number}.
 */
final class YamlNode {
  private static final ObjectMapper YAML =
      YAMLMapper.builder().enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY).build();

  private final String file;
  private final String path;
  private final JsonNode node;

  private YamlNode(String file, String path, JsonNode node) {
    this.file = file;
    this.path = path;
    this.node = node;
  }

  static YamlNode read(Path file) {
    String name = file.toString();
    JsonNode root;
    try (InputStream in = Files.newInputStream(file)) {
      root = YAML.readTree(in);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where = at == null || at.getLineNr() < 0 ? "-" : "line " + at.getLineNr();
      throw new ConfigException(
          name, where, "not valid YAML: " + firstLine(e.getOriginalMessage()));
    } catch (IOException e) {
      throw new ConfigException(name, "-", "cannot read: " + e.getMessage());
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      throw new ConfigException(name, "-", "the file is empty");
    }
    YamlNode yaml = new YamlNode(name, "", root);
    yaml.requireObject();
    return yaml;
  }

  private static String firstLine(String s) {
    return s == null ? "" : s.lines().findFirst().orElse("");
  }

  String file() {
    return file;
  }

  String path() {
    return path;
  }

  boolean present() {
    return !node.isMissingNode() && !node.isNull();
  }

  /** YAML 1.1 reads a bare {@code off} or {@code no} as false. */
  boolean isFalse() {
    return node.isBoolean() && !node.asBoolean();
  }

  boolean isList() {
    return node.isArray();
  }

  boolean isMapping() {
    return node.isObject();
  }

  ConfigException error(String problem) {
    return new ConfigException(file, path.isEmpty() ? "-" : path, problem);
  }

  YamlNode get(String key) {
    JsonNode child = node.isObject() ? node.get(key) : null;
    return new YamlNode(
        file,
        path.isEmpty() ? key : path + "." + key,
        child == null ? MissingNode.getInstance() : child);
  }

  /** Fails on any key not listed, which catches typos such as {@code maxEmojis}. */
  YamlNode only(String... allowed) {
    requireObject();
    List<String> keys = Arrays.asList(allowed);
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!keys.contains(key)) {
        throw get(key).error("unknown key; expected one of " + keys);
      }
    }
    return this;
  }

  YamlNode requireObject() {
    if (!node.isObject()) {
      throw error("must be a mapping of keys to values");
    }
    return this;
  }

  /** The entries of a mapping, in file order. */
  Map<String, YamlNode> entries() {
    requireObject();
    Map<String, YamlNode> entries = new LinkedHashMap<>();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      entries.put(key, get(key));
    }
    return entries;
  }

  /** A list's elements; a missing key is an empty list. */
  List<YamlNode> elements() {
    if (!present()) {
      return List.of();
    }
    if (!node.isArray()) {
      throw error("must be a list");
    }
    List<YamlNode> out = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      out.add(new YamlNode(file, path + "[" + i + "]", node.get(i)));
    }
    return out;
  }

  /** A required non-blank text. */
  String text() {
    if (!present()) {
      throw error("is missing");
    }
    if (!node.isValueNode() || node.asText().isBlank()) {
      throw error("must be a non-empty text");
    }
    return node.asText();
  }

  /** An optional text; null if missing. */
  String textOrNull() {
    return present() ? text() : null;
  }

  /** A list of texts; a single text counts as a list of one, a missing key as an empty list. */
  List<String> texts() {
    if (!present()) {
      return List.of();
    }
    if (node.isValueNode()) {
      return List.of(text());
    }
    List<String> out = new ArrayList<>();
    for (YamlNode e : elements()) {
      out.add(e.text());
    }
    return out;
  }

  /** An optional whole number of at least 0; null if missing. */
  Integer count() {
    if (!present()) {
      return null;
    }
    if (!node.canConvertToInt() || !node.isIntegralNumber() || node.asInt() < 0) {
      throw error("must be a whole number, 0 or more");
    }
    return node.asInt();
  }

  boolean flag(boolean fallback) {
    if (!present()) {
      return fallback;
    }
    if (!node.isBoolean()) {
      throw error("must be true or false");
    }
    return node.asBoolean();
  }

  /** A plain phrase (see {@link Phrase}). */
  Phrase phrase(boolean caseSensitive) {
    return Phrase.words(text(), caseSensitive);
  }

  /** A regular expression, checked now so a bad one names its key. */
  Phrase regex(boolean caseSensitive) {
    String re = text();
    try {
      return Phrase.regex(re, caseSensitive);
    } catch (java.util.regex.PatternSyntaxException e) {
      throw error(
          "not a valid regular expression: "
              + firstLine(e.getDescription())
              + " near index "
              + e.getIndex());
    }
  }
}
