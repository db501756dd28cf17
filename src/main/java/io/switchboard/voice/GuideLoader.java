package io.switchboard.voice;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.switchboard.config.ConfigException;
import io.switchboard.config.YamlBinding;
import io.switchboard.config.YamlBinding.Key;
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

/**
 * Reads {@code brand-voice.yaml} and the template files into a {@link VoiceGuide}. Jackson binds
 * each file to the records below ({@link YamlBinding}: unknown keys, duplicate keys and wrong types
 * are errors with the key path); this class then checks what the values mean and builds the guide,
 * naming the key of every problem.
 */
final class GuideLoader {
  static final String GUIDE_FILE = "brand-voice.yaml";
  static final String TEMPLATES_DIR = "templates";
  private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2}");
  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,59}");

  private GuideLoader() {}

  // --- the files as written

  record GuideFile(
      String brand,
      String defaultLanguage,
      ScoreYaml score,
      Map<String, String> rules,
      Map<String, ChannelYaml> channels,
      PublicRepliesYaml publicReplies,
      Map<String, LanguageYaml> languages) {}

  record ScoreYaml(Integer block, Integer warn) {}

  record ChannelYaml(
      String name,
      String layout,
      MaxLength maxLength,
      Boolean handlePrefix,
      String lengthCounting,
      Integer maxEmoji,
      Integer maxExclamations,
      Map<String, List<String>> greeting,
      Map<String, List<String>> signOff) {}

  /** One limit for both ({@code maxLength: 2000}) or one each ({@code {public: 280, private: 10000}}). */
  record MaxLength(@JsonProperty("public") Integer publicLimit, @JsonProperty("private") Integer privateLimit) {
    @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
    MaxLength {}

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static MaxLength both(int limit) {
      return new MaxLength(limit, limit);
    }
  }

  record PublicRepliesYaml(String privateMessageTemplate, List<PersonalDataYaml> personalData) {}

  record PersonalDataYaml(String name, String regex, Boolean luhn, Integer minDigits) {}

  record LanguageYaml(
      String name,
      DetectYaml detect,
      FormalityYaml formality,
      List<PreferredTermYaml> preferredTerms,
      List<BannedPhraseYaml> bannedPhrases,
      EmpathyYaml empathy,
      List<String> compensation) {}

  record DetectYaml(List<String> greetings, List<String> signOffs, List<String> thanksSignOffs) {}

  record FormalityYaml(String use, List<String> avoid, String suggestion, Boolean caseSensitive) {}

  record PreferredTermYaml(String use, List<String> insteadOf) {}

  record BannedPhraseYaml(String phrase, String regex, String message, String suggestion, String severity) {}

  record EmpathyYaml(AcknowledgementYaml negative, AcknowledgementYaml positive) {}

  record AcknowledgementYaml(List<String> phrases, String suggestion) {}

  record TemplateFile(List<TemplateYaml> templates) {}

  record TemplateYaml(
      String id, String title, List<String> channels, String visibility, List<String> keywords, String body) {}

  // --- the guide

  static VoiceGuide load(Path dir) {
    Path file = dir.resolve(GUIDE_FILE);
    if (!Files.isRegularFile(file)) {
      throw new ConfigException(file.toString(), "-", "no such file");
    }
    GuideFile g = YamlBinding.read(file, GuideFile.class);
    Key root = Key.root(file.toString());
    String brand = text(root.at("brand"), g.brand());
    Map<String, LanguageGuide> languages = languages(root.at("languages"), g.languages());
    Key def = root.at("defaultLanguage");
    String defaultLanguage = g.defaultLanguage() != null ? text(def, g.defaultLanguage()) : "en";
    if (!languages.containsKey(defaultLanguage)) {
      throw def.error("'" + defaultLanguage + "' is not one of the languages " + languages.keySet());
    }
    Map<String, ChannelPolicy> channels = channels(root.at("channels"), g.channels(), languages.keySet());
    Key pr = root.at("publicReplies");
    PublicReplies publicReplies = publicReplies(pr, g.publicReplies());
    TemplateLibrary templates = templates(dir.resolve(TEMPLATES_DIR), languages.keySet(), channels.keySet());
    for (String language : languages.keySet()) {
      if (templates.find(language, publicReplies.privateMessageTemplate()).isEmpty()) {
        throw pr.at("privateMessageTemplate")
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
        rules(root.at("rules"), g.rules()),
        scoring(root.at("score"), g.score()),
        templates);
  }

  // --- languages

  private static Map<String, LanguageGuide> languages(Key key, Map<String, LanguageYaml> yaml) {
    Map<String, LanguageGuide> out = new LinkedHashMap<>();
    for (Map.Entry<String, LanguageYaml> e : mapping(key, yaml).entrySet()) {
      Key k = key.at(e.getKey());
      if (!LANGUAGE.matcher(e.getKey()).matches()) {
        throw k.error("a language must be a two-letter ISO 639-1 code in lower case");
      }
      out.put(e.getKey(), language(e.getKey(), k, required(k, e.getValue())));
    }
    if (out.isEmpty()) {
      throw key.error("at least one language is needed");
    }
    return out;
  }

  private static LanguageGuide language(String code, Key k, LanguageYaml n) {
    DetectYaml d = n.detect();
    Key dk = k.at("detect");
    Detect detect =
        d != null
            ? new Detect(
                texts(dk.at("greetings"), d.greetings()),
                texts(dk.at("signOffs"), d.signOffs()),
                texts(dk.at("thanksSignOffs"), d.thanksSignOffs()))
            : new Detect(List.of(), List.of(), List.of());
    return new LanguageGuide(
        code,
        n.name() != null ? text(k.at("name"), n.name()) : code,
        detect,
        formality(k.at("formality"), n.formality()),
        preferredTerms(k.at("preferredTerms"), n.preferredTerms()),
        bannedPhrases(k.at("bannedPhrases"), n.bannedPhrases()),
        empathy(k.at("empathy"), n.empathy()),
        phrases(k.at("compensation"), n.compensation(), false));
  }

  private static Formality formality(Key k, FormalityYaml n) {
    if (n == null) {
      return null;
    }
    boolean caseSensitive = Boolean.TRUE.equals(n.caseSensitive());
    List<Phrase> avoid = phrases(k.at("avoid"), n.avoid(), caseSensitive);
    if (avoid.isEmpty()) {
      throw k.at("avoid").error("list the forms to warn about");
    }
    return new Formality(text(k.at("use"), n.use()), avoid, textOrNull(k.at("suggestion"), n.suggestion()));
  }

  private static List<PreferredTerm> preferredTerms(Key key, List<PreferredTermYaml> yaml) {
    List<PreferredTerm> out = new ArrayList<>();
    List<PreferredTermYaml> list = list(yaml);
    for (int i = 0; i < list.size(); i++) {
      Key k = key.at(i);
      PreferredTermYaml e = required(k, list.get(i));
      List<String> insteadOf = texts(k.at("insteadOf"), e.insteadOf());
      if (insteadOf.isEmpty()) {
        throw k.at("insteadOf").error("is missing");
      }
      out.add(new PreferredTerm(text(k.at("use"), e.use()), insteadOf));
    }
    return out;
  }

  private static List<BannedPhrase> bannedPhrases(Key key, List<BannedPhraseYaml> yaml) {
    List<BannedPhrase> out = new ArrayList<>();
    List<BannedPhraseYaml> list = list(yaml);
    for (int i = 0; i < list.size(); i++) {
      Key k = key.at(i);
      BannedPhraseYaml e = required(k, list.get(i));
      boolean isPhrase = e.phrase() != null;
      if (isPhrase == (e.regex() != null)) {
        throw k.error("give either phrase or regex");
      }
      Phrase phrase =
          isPhrase ? Phrase.words(text(k.at("phrase"), e.phrase()), false) : regex(k.at("regex"), e.regex(), false);
      out.add(
          new BannedPhrase(
              phrase,
              textOrNull(k.at("message"), e.message()),
              textOrNull(k.at("suggestion"), e.suggestion()),
              e.severity() != null ? severity(k.at("severity"), e.severity()) : null));
    }
    return out;
  }

  private static Empathy empathy(Key k, EmpathyYaml n) {
    if (n == null) {
      return new Empathy(null, null);
    }
    return new Empathy(acknowledgement(k.at("negative"), n.negative()), acknowledgement(k.at("positive"), n.positive()));
  }

  private static Acknowledgement acknowledgement(Key k, AcknowledgementYaml n) {
    if (n == null) {
      return null;
    }
    List<Phrase> phrases = phrases(k.at("phrases"), n.phrases(), false);
    if (phrases.isEmpty()) {
      throw k.at("phrases").error("is missing");
    }
    return new Acknowledgement(phrases, textOrNull(k.at("suggestion"), n.suggestion()));
  }

  private static List<Phrase> phrases(Key key, List<String> yaml, boolean caseSensitive) {
    List<Phrase> out = new ArrayList<>();
    for (String t : texts(key, yaml)) {
      out.add(Phrase.words(t, caseSensitive));
    }
    return out;
  }

  // --- channels

  private static Map<String, ChannelPolicy> channels(Key key, Map<String, ChannelYaml> yaml, Set<String> languages) {
    Map<String, ChannelPolicy> out = new LinkedHashMap<>();
    for (Map.Entry<String, ChannelYaml> e : mapping(key, yaml).entrySet()) {
      Key k = key.at(e.getKey());
      if (!ID.matcher(e.getKey()).matches()) {
        throw k.error("a channel id is lower-case letters, digits and -");
      }
      out.put(e.getKey(), channel(e.getKey(), k, required(k, e.getValue()), languages));
    }
    if (out.isEmpty()) {
      throw key.error("at least one channel is needed");
    }
    return out;
  }

  private static ChannelPolicy channel(String id, Key k, ChannelYaml n, Set<String> languages) {
    Integer maxPublic = null;
    Integer maxPrivate = null;
    if (n.maxLength() != null) {
      Key max = k.at("maxLength");
      maxPublic = positive(max.at("public"), n.maxLength().publicLimit());
      maxPrivate = positive(max.at("private"), n.maxLength().privateLimit());
    }
    return new ChannelPolicy(
        id,
        n.name() != null ? text(k.at("name"), n.name()) : id,
        choice(k.at("layout"), n.layout(), ChannelPolicy.Layout.class, ChannelPolicy.Layout.PARAGRAPHS),
        salutations(k.at("greeting"), n.greeting(), languages),
        salutations(k.at("signOff"), n.signOff(), languages),
        maxPublic,
        maxPrivate,
        Boolean.TRUE.equals(n.handlePrefix()),
        choice(k.at("lengthCounting"), n.lengthCounting(), LengthCounting.class, LengthCounting.CHARACTERS),
        count(k.at("maxEmoji"), n.maxEmoji()),
        count(k.at("maxExclamations"), n.maxExclamations()));
  }

  private static Integer positive(Key k, Integer value) {
    Integer v = count(k, value);
    if (v != null && v == 0) {
      throw k.error("must be more than 0; leave it out for no limit");
    }
    return v;
  }

  /** Greeting or sign-off patterns per language; every language of the guide needs an entry. */
  private static Map<String, List<String>> salutations(
      Key key, Map<String, List<String>> yaml, Set<String> languages) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    if (yaml == null) {
      return out;
    }
    for (Map.Entry<String, List<String>> e : yaml.entrySet()) {
      Key k = key.at(e.getKey());
      if (!languages.contains(e.getKey())) {
        throw k.error("'" + e.getKey() + "' is not one of the languages " + languages);
      }
      List<String> patterns = texts(k, e.getValue());
      for (String p : patterns) {
        for (String placeholder : Placeholders.names(p)) {
          if (!Placeholders.KNOWN.contains(placeholder)) {
            throw k.error(
                "unknown placeholder {"
                    + placeholder
                    + "}; use "
                    + Placeholders.KNOWN.stream().sorted().map(x -> "{" + x + "}").toList());
          }
        }
      }
      out.put(e.getKey(), patterns);
    }
    for (String language : languages) {
      if (!out.containsKey(language)) {
        throw key.error("no entry for language '" + language + "'");
      }
    }
    return out;
  }

  private static <E extends Enum<E>> E choice(Key k, String value, Class<E> type, E fallback) {
    if (value == null) {
      return fallback;
    }
    String want = text(k, value).strip().replace('-', '_').toUpperCase(Locale.ROOT);
    List<String> names = new ArrayList<>();
    for (E e : type.getEnumConstants()) {
      if (e.name().equals(want)) {
        return e;
      }
      names.add(e.name().toLowerCase(Locale.ROOT).replace('_', '-'));
    }
    throw k.error("'" + value + "' is not one of " + names);
  }

  // --- rules, score, public replies

  private static Map<String, Severity> rules(Key key, Map<String, String> yaml) {
    Map<String, Severity> out = new LinkedHashMap<>(VoiceRules.DEFAULT_SEVERITY);
    if (yaml == null) {
      return out;
    }
    for (Map.Entry<String, String> e : yaml.entrySet()) {
      Key k = key.at(e.getKey());
      if (!VoiceRules.DEFAULT_SEVERITY.containsKey(e.getKey())) {
        throw k.error("unknown rule; the rules are " + VoiceRules.DEFAULT_SEVERITY.keySet());
      }
      String v = text(k, e.getValue()).strip();
      // YAML 1.1 reads a bare off or no as false
      if (v.equalsIgnoreCase("off") || v.equals("false")) {
        out.remove(e.getKey());
      } else {
        out.put(e.getKey(), severity(k, v));
      }
    }
    return out;
  }

  private static Severity severity(Key k, String value) {
    try {
      return Severity.parse(text(k, value));
    } catch (IllegalArgumentException e) {
      throw k.error("'" + value + "' is not block, warn or off");
    }
  }

  private static Scoring scoring(Key k, ScoreYaml n) {
    if (n == null) {
      return new Scoring(40, 10);
    }
    Integer block = count(k.at("block"), n.block());
    Integer warn = count(k.at("warn"), n.warn());
    return new Scoring(block == null ? 40 : block, warn == null ? 10 : warn);
  }

  private static PublicReplies publicReplies(Key k, PublicRepliesYaml n) {
    if (n == null) {
      throw k.error("is missing");
    }
    List<PublicReplies.PersonalData> data = new ArrayList<>();
    List<PersonalDataYaml> list = list(n.personalData());
    for (int i = 0; i < list.size(); i++) {
      Key ek = k.at("personalData").at(i);
      PersonalDataYaml e = required(ek, list.get(i));
      Integer minDigits = count(ek.at("minDigits"), e.minDigits());
      data.add(
          new PublicReplies.PersonalData(
              text(ek.at("name"), e.name()),
              regex(ek.at("regex"), e.regex(), true),
              Boolean.TRUE.equals(e.luhn()),
              minDigits == null ? 0 : minDigits));
    }
    return new PublicReplies(text(k.at("privateMessageTemplate"), n.privateMessageTemplate()), data);
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
    TemplateFile yaml = YamlBinding.read(file, TemplateFile.class);
    Key root = Key.root(file.toString()).at("templates");
    List<Template> out = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    List<TemplateYaml> list = list(yaml.templates());
    for (int i = 0; i < list.size(); i++) {
      Key k = root.at(i);
      TemplateYaml t = required(k, list.get(i));
      String id = text(k.at("id"), t.id());
      if (!ID.matcher(id).matches()) {
        throw k.at("id").error("'" + id + "' must be lower-case letters, digits and -");
      }
      if (!ids.add(id)) {
        throw k.at("id").error("'" + id + "' is used twice");
      }
      List<String> on = texts(k.at("channels"), t.channels());
      for (String c : on) {
        if (!channels.contains(c)) {
          throw k.at("channels").error("'" + c + "' is not one of the channels " + channels);
        }
      }
      String body = text(k.at("body"), t.body()).strip();
      for (String placeholder : Placeholders.names(body)) {
        if (Placeholders.misspelt(placeholder)) {
          throw k.at("body")
              .error(
                  "unknown placeholder {"
                      + placeholder
                      + "}; the linter fills "
                      + Placeholders.KNOWN.stream().sorted().map(x -> "{" + x + "}").toList());
        }
      }
      out.add(
          new Template(
              id,
              language,
              text(k.at("title"), t.title()),
              on.isEmpty() ? List.copyOf(channels) : on,
              choice(k.at("visibility"), t.visibility(), Template.Visibility.class, Template.Visibility.ANY),
              texts(k.at("keywords"), t.keywords()),
              body,
              file.toString()));
    }
    return out;
  }

  // --- values

  /** A required non-blank text. */
  private static String text(Key k, String value) {
    if (value == null) {
      throw k.error("is missing");
    }
    if (value.isBlank()) {
      throw k.error("must be a non-empty text");
    }
    return value;
  }

  /** An optional text; null if missing. */
  private static String textOrNull(Key k, String value) {
    return value == null ? null : text(k, value);
  }

  /** A list of texts; a single text counts as a list of one, a missing key as an empty list. */
  private static List<String> texts(Key k, List<String> values) {
    List<String> out = new ArrayList<>();
    for (int i = 0; values != null && i < values.size(); i++) {
      out.add(text(values.size() == 1 ? k : k.at(i), values.get(i)));
    }
    return out;
  }

  /** An optional whole number of at least 0; null if missing. */
  private static Integer count(Key k, Integer value) {
    if (value != null && value < 0) {
      throw k.error("must be a whole number, 0 or more");
    }
    return value;
  }

  /** A regular expression, checked now so a bad one names its key. */
  private static Phrase regex(Key k, String value, boolean caseSensitive) {
    String re = text(k, value);
    try {
      return Phrase.regex(re, caseSensitive);
    } catch (java.util.regex.PatternSyntaxException e) {
      throw k.error(
          "not a valid regular expression: "
              + e.getDescription().lines().findFirst().orElse("")
              + " near index "
              + e.getIndex());
    }
  }

  private static <T> Map<String, T> mapping(Key k, Map<String, T> value) {
    if (value == null) {
      throw k.error("must be a mapping of keys to values");
    }
    return value;
  }

  /** An entry written with nothing after its colon or dash. */
  private static <T> T required(Key k, T value) {
    if (value == null) {
      throw k.error("must be a mapping of keys to values");
    }
    return value;
  }

  private static <T> List<T> list(List<T> value) {
    return value == null ? List.of() : value;
  }
}
