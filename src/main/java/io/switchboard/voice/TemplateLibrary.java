package io.switchboard.voice;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** All templates, by language, in file order. Immutable. */
public final class TemplateLibrary {
  private final Map<String, List<Template>> byLanguage;

  public TemplateLibrary(List<Template> templates) {
    Map<String, List<Template>> map = new LinkedHashMap<>();
    for (Template t : templates) {
      map.computeIfAbsent(t.language(), k -> new ArrayList<>()).add(t);
    }
    Map<String, List<Template>> frozen = new LinkedHashMap<>();
    map.forEach((k, v) -> frozen.put(k, List.copyOf(v)));
    this.byLanguage = java.util.Collections.unmodifiableMap(frozen);
  }

  public List<Template> all() {
    return byLanguage.values().stream().flatMap(List::stream).toList();
  }

  /** The templates in one language; empty if there are none. */
  public List<Template> language(String language) {
    return byLanguage.getOrDefault(language, List.of());
  }

  public Set<String> languages() {
    return byLanguage.keySet();
  }

  public Optional<Template> find(String language, String id) {
    return language(language).stream().filter(t -> t.id().equals(id)).findFirst();
  }
}
