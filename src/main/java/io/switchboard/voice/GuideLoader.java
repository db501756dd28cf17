package io.switchboard.voice;

import io.switchboard.config.ConfigException;
import io.switchboard.voice.ChannelPolicy.LengthCounting;
import io.switchboard.voice.LanguageGuide.Acknowledgement;
import io.switchboard.voice.LanguageGuide.BannedPhrase;
import io.switchboard.voice.LanguageGuide.Detect;
import io.switchboard.voice.LanguageGuide.Empathy;
import io.switchboard.voice.LanguageGuide.Formality;
import io.switchboard.voice.LanguageGuide.PreferredTerm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Reads {@code brand-voice.yaml} and the template files into a {@link VoiceGuide}. */
final class GuideLoader {
  static final String GUIDE_FILE = "brand-voice.yaml";
  static final String TEMPLATES_DIR = "templates";
  private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2}");
  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,59}");

  private GuideLoader() {}

  static VoiceGuide load(Path dir) {
    Path file = dir.resolve(GUIDE_FILE);
    if (!Files.isRegularFile(file)) {
      throw new ConfigException(file.toString(), "-", "no such file");
    }
    YamlNode root =
        YamlNode.read(file)
            .only(
                "brand",
                "defaultLanguage",
                "score",
                "rules",
                "channels",
                "publicReplies",
                "languages");
    String brand = root.get("brand").text();
    Map<String, LanguageGuide> languages = languages(root.get("languages"));
    YamlNode def = root.get("defaultLanguage");
    String defaultLanguage = def.present() ? def.text() : "en";
    if (!languages.containsKey(defaultLanguage)) {
      throw def.error(
          "'" + defaultLanguage + "' is not one of the languages " + languages.keySet());
    }
    Map<String, ChannelPolicy> channels = channels(root.get("channels"), languages.keySet());
    PublicReplies publicReplies = publicReplies(root.get("publicReplies"));
    TemplateLibrary templates =
        templates(dir.resolve(TEMPLATES_DIR), languages.keySet(), channels.keySet());
    for (String language : languages.keySet()) {
      if (templates.find(language, publicReplies.privateMessageTemplate()).isEmpty()) {
        throw root.get("publicReplies")
            .get("privateMessageTemplate")
            .error(
                "no template '"
                    + publicReplies.privateMessageTemplate()
                    + "' in "
                    + TEMPLATES_DIR
                    + "/"
                    + language
                    + ".yaml; every language needs one");
      }
    }
    return new VoiceGuide(
        brand,
        defaultLanguage,
        languages,
        channels,
        publicReplies,
        rules(root.get("rules")),
        scoring(root.get("score")),
        templates);
  }

  // --- languages

  private static Map<String, LanguageGuide> languages(YamlNode node) {
    Map<String, LanguageGuide> out = new LinkedHashMap<>();
    for (Map.Entry<String, YamlNode> e : node.entries().entrySet()) {
      if (!LANGUAGE.matcher(e.getKey()).matches()) {
        throw e.getValue().error("a language must be a two-letter ISO 639-1 code in lower case");
      }
      out.put(e.getKey(), language(e.getKey(), e.getValue()));
    }
    if (out.isEmpty()) {
      throw node.error("at least one language is needed");
    }
    return out;
  }

  private static LanguageGuide language(String code, YamlNode n) {
    n.only(
        "name",
        "detect",
        "formality",
        "preferredTerms",
        "bannedPhrases",
        "empathy",
        "compensation");
    YamlNode d = n.get("detect");
    Detect detect =
        d.present()
            ? new Detect(
                d.only("greetings", "signOffs", "thanksSignOffs").get("greetings").texts(),
                d.get("signOffs").texts(),
                d.get("thanksSignOffs").texts())
            : new Detect(List.of(), List.of(), List.of());
    YamlNode name = n.get("name");
    return new LanguageGuide(
        code,
        name.present() ? name.text() : code,
        detect,
        formality(n.get("formality")),
        preferredTerms(n.get("preferredTerms")),
        bannedPhrases(n.get("bannedPhrases")),
        empathy(n.get("empathy")),
        phrases(n.get("compensation"), false));
  }

  private static Formality formality(YamlNode n) {
    if (!n.present()) {
      return null;
    }
    n.only("use", "avoid", "suggestion", "caseSensitive");
    boolean caseSensitive = n.get("caseSensitive").flag(false);
    List<Phrase> avoid = phrases(n.get("avoid"), caseSensitive);
    if (avoid.isEmpty()) {
      throw n.get("avoid").error("list the forms to warn about");
    }
    return new Formality(n.get("use").text(), avoid, n.get("suggestion").textOrNull());
  }

  private static List<PreferredTerm> preferredTerms(YamlNode n) {
    List<PreferredTerm> out = new ArrayList<>();
    for (YamlNode e : n.elements()) {
      e.only("use", "insteadOf");
      List<String> insteadOf = e.get("insteadOf").texts();
      if (insteadOf.isEmpty()) {
        throw e.get("insteadOf").error("is missing");
      }
      out.add(new PreferredTerm(e.get("use").text(), insteadOf));
    }
    return out;
  }

  private static List<BannedPhrase> bannedPhrases(YamlNode n) {
    List<BannedPhrase> out = new ArrayList<>();
    for (YamlNode e : n.elements()) {
      e.only("phrase", "regex", "message", "suggestion", "severity");
      boolean isPhrase = e.get("phrase").present();
      if (isPhrase == e.get("regex").present()) {
        throw e.error("give either phrase or regex");
      }
      Phrase phrase = isPhrase ? e.get("phrase").phrase(false) : e.get("regex").regex(false);
      YamlNode sev = e.get("severity");
      out.add(
          new BannedPhrase(
              phrase,
              e.get("message").textOrNull(),
              e.get("suggestion").textOrNull(),
              sev.present() ? severity(sev) : null));
    }
    return out;
  }

  private static Empathy empathy(YamlNode n) {
    if (!n.present()) {
      return new Empathy(null, null);
    }
    n.only("negative", "positive");
    return new Empathy(acknowledgement(n.get("negative")), acknowledgement(n.get("positive")));
  }

  private static Acknowledgement acknowledgement(YamlNode n) {
    if (!n.present()) {
      return null;
    }
    n.only("phrases", "suggestion");
    List<Phrase> phrases = phrases(n.get("phrases"), false);
    if (phrases.isEmpty()) {
      throw n.get("phrases").error("is missing");
    }
    return new Acknowledgement(phrases, n.get("suggestion").textOrNull());
  }

  private static List<Phrase> phrases(YamlNode n, boolean caseSensitive) {
    List<Phrase> out = new ArrayList<>();
    if (n.present() && !n.isList()) {
      throw n.error("must be a list");
    }
    for (YamlNode e : n.elements()) {
      out.add(e.phrase(caseSensitive));
    }
    return out;
  }

  // --- channels

  private static Map<String, ChannelPolicy> channels(YamlNode node, Set<String> languages) {
    Map<String, ChannelPolicy> out = new LinkedHashMap<>();
    for (Map.Entry<String, YamlNode> e : node.entries().entrySet()) {
      if (!ID.matcher(e.getKey()).matches()) {
        throw e.getValue().error("a channel id is lower-case letters, digits and -");
      }
      out.put(e.getKey(), channel(e.getKey(), e.getValue(), languages));
    }
    if (out.isEmpty()) {
      throw node.error("at least one channel is needed");
    }
    return out;
  }

  private static ChannelPolicy channel(String id, YamlNode n, Set<String> languages) {
    n.only(
        "name",
        "layout",
        "maxLength",
        "handlePrefix",
        "lengthCounting",
        "maxEmoji",
        "maxExclamations",
        "greeting",
        "signOff");
    YamlNode max = n.get("maxLength");
    Integer maxPublic = null;
    Integer maxPrivate = null;
    if (max.present() && max.isMapping()) {
      max.only("public", "private");
      maxPublic = positive(max.get("public"));
      maxPrivate = positive(max.get("private"));
    } else if (max.present()) {
      maxPublic = positive(max);
      maxPrivate = maxPublic;
    }
    YamlNode name = n.get("name");
    return new ChannelPolicy(
        id,
        name.present() ? name.text() : id,
        choice(n.get("layout"), ChannelPolicy.Layout.class, ChannelPolicy.Layout.PARAGRAPHS),
        salutations(n.get("greeting"), languages),
        salutations(n.get("signOff"), languages),
        maxPublic,
        maxPrivate,
        n.get("handlePrefix").flag(false),
        choice(n.get("lengthCounting"), LengthCounting.class, LengthCounting.CHARACTERS),
        n.get("maxEmoji").count(),
        n.get("maxExclamations").count());
  }

  private static Integer positive(YamlNode n) {
    Integer v = n.count();
    if (v != null && v == 0) {
      throw n.error("must be more than 0; leave it out for no limit");
    }
    return v;
  }

  /** Greeting or sign-off patterns per language; every language of the guide needs an entry. */
  private static Map<String, List<String>> salutations(YamlNode n, Set<String> languages) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    if (!n.present()) {
      return out;
    }
    for (Map.Entry<String, YamlNode> e : n.entries().entrySet()) {
      if (!languages.contains(e.getKey())) {
        throw e.getValue().error("'" + e.getKey() + "' is not one of the languages " + languages);
      }
      List<String> patterns = e.getValue().texts();
      for (String p : patterns) {
        for (String placeholder : Placeholders.names(p)) {
          if (!Placeholders.KNOWN.contains(placeholder)) {
            throw e.getValue()
                .error(
                    "unknown placeholder {"
                        + placeholder
                        + "}; use "
                        + Placeholders.KNOWN.stream().sorted().map(k -> "{" + k + "}").toList());
          }
        }
      }
      out.put(e.getKey(), patterns);
    }
    for (String language : languages) {
      if (!out.containsKey(language)) {
        throw n.error("no entry for language '" + language + "'");
      }
    }
    return out;
  }

  private static <E extends Enum<E>> E choice(YamlNode n, Class<E> type, E fallback) {
    if (!n.present()) {
      return fallback;
    }
    String want = n.text().strip().replace('-', '_').toUpperCase(Locale.ROOT);
    List<String> names = new ArrayList<>();
    for (E e : type.getEnumConstants()) {
      if (e.name().equals(want)) {
        return e;
      }
      names.add(e.name().toLowerCase(Locale.ROOT).replace('_', '-'));
    }
    throw n.error("'" + n.text() + "' is not one of " + names);
  }

  // --- rules, score, public replies

  private static Map<String, Severity> rules(YamlNode n) {
    Map<String, Severity> out = new LinkedHashMap<>(VoiceRules.DEFAULT_SEVERITY);
    if (!n.present()) {
      return out;
    }
    for (Map.Entry<String, YamlNode> e : n.entries().entrySet()) {
      if (!VoiceRules.DEFAULT_SEVERITY.containsKey(e.getKey())) {
        throw e.getValue()
            .error("unknown rule; the rules are " + VoiceRules.DEFAULT_SEVERITY.keySet());
      }
      if (e.getValue().isFalse() || e.getValue().text().strip().equalsIgnoreCase("off")) {
        out.remove(e.getKey());
      } else {
        out.put(e.getKey(), severity(e.getValue()));
      }
    }
    return out;
  }

  private static Severity severity(YamlNode n) {
    try {
      return Severity.parse(n.text());
    } catch (IllegalArgumentException e) {
      throw n.error("'" + n.text() + "' is not block, warn or off");
    }
  }

  private static Scoring scoring(YamlNode n) {
    if (!n.present()) {
      return new Scoring(40, 10);
    }
    n.only("block", "warn");
    Integer block = n.get("block").count();
    Integer warn = n.get("warn").count();
    return new Scoring(block == null ? 40 : block, warn == null ? 10 : warn);
  }

  private static PublicReplies publicReplies(YamlNode n) {
    if (!n.present()) {
      throw n.error("is missing");
    }
    n.only("privateMessageTemplate", "personalData");
    List<PublicReplies.PersonalData> data = new ArrayList<>();
    for (YamlNode e : n.get("personalData").elements()) {
      e.only("name", "regex", "luhn", "minDigits");
      Integer minDigits = e.get("minDigits").count();
      data.add(
          new PublicReplies.PersonalData(
              e.get("name").text(),
              e.get("regex").regex(true),
              e.get("luhn").flag(false),
              minDigits == null ? 0 : minDigits));
    }
    return new PublicReplies(n.get("privateMessageTemplate").text(), data);
  }

  // --- templates

  private static TemplateLibrary templates(Path dir, Set<String> languages, Set<String> channels) {
    List<Template> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return new TemplateLibrary(out);
    }
    List<Path> files;
    try (Stream<Path> list = Files.list(dir)) {
      files = list.filter(p -> p.getFileName().toString().endsWith(".yaml")).sorted().toList();
    } catch (IOException e) {
      throw new ConfigException(dir.toString(), "-", "cannot list: " + e.getMessage());
    }
    for (Path file : files) {
      String language = file.getFileName().toString().replaceFirst("\\.yaml$", "");
      if (!languages.contains(language)) {
        throw new ConfigException(
            file.toString(),
            "-",
            "'" + language + "' is not one of the languages of " + GUIDE_FILE + " " + languages);
      }
      out.addAll(templateFile(file, language, channels));
    }
    return new TemplateLibrary(out);
  }

  private static List<Template> templateFile(Path file, String language, Set<String> channels) {
    YamlNode root = YamlNode.read(file).only("templates");
    List<Template> out = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (YamlNode t : root.get("templates").elements()) {
      t.only("id", "title", "channels", "visibility", "keywords", "body");
      String id = t.get("id").text();
      if (!ID.matcher(id).matches()) {
        throw t.get("id").error("'" + id + "' must be lower-case letters, digits and -");
      }
      if (!ids.add(id)) {
        throw t.get("id").error("'" + id + "' is used twice");
      }
      List<String> on = t.get("channels").texts();
      for (String c : on) {
        if (!channels.contains(c)) {
          throw t.get("channels").error("'" + c + "' is not one of the channels " + channels);
        }
      }
      String body = t.get("body").text().strip();
      for (String placeholder : Placeholders.names(body)) {
        if (Placeholders.misspelt(placeholder)) {
          throw t.get("body")
              .error(
                  "unknown placeholder {"
                      + placeholder
                      + "}; the linter fills "
                      + Placeholders.KNOWN.stream().sorted().map(k -> "{" + k + "}").toList());
        }
      }
      List<String> keywords = t.get("keywords").texts();
      out.add(
          new Template(
              id,
              language,
              t.get("title").text(),
              on.isEmpty() ? List.copyOf(channels) : on,
              choice(t.get("visibility"), Template.Visibility.class, Template.Visibility.ANY),
              keywords,
              body,
              file.toString()));
    }
    return out;
  }
}
