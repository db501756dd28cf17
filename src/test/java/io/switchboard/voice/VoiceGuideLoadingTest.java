package io.switchboard.voice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.config.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VoiceGuideLoadingTest {

  @TempDir Path tmp;

  @Test
  void shippedGuideShouldLoadWithEveryChannelAndLanguage() {
    VoiceGuide guide = VoiceGuide.load(Path.of("config/voice"));

    assertThat(guide.brand()).isEqualTo("Northwind Travel Gear");
    assertThat(guide.defaultLanguage()).isEqualTo("en");
    assertThat(guide.channels()).containsOnlyKeys("email", "x", "facebook", "instagram");
    assertThat(guide.languages()).containsKeys("en", "de", "fr", "es", "it", "pt");
    assertThat(guide.channel("x").maxLength(true)).isEqualTo(280);
    assertThat(guide.channel("x").handlePrefix()).isTrue();
    assertThat(guide.channel("facebook").maxLength(true)).isEqualTo(8000);
    assertThat(guide.channel("email").maxLength(false)).isNull();
    assertThat(guide.channel("email").maxEmoji()).isZero();
    assertThat(guide.channel("email").greetings("en"))
        .first()
        .isEqualTo("Hi {customer.first_name},");
    assertThat(guide.channel("email").signOffs("en"))
        .first()
        .isEqualTo("Best regards,\n{agent.first_name}\n{brand}");
    assertThat(guide.language("de").orElseThrow().formality().use()).isEqualTo("Sie");
    assertThat(guide.language("fr").orElseThrow().formality().use()).isEqualTo("vous");
    assertThat(guide.language("es").orElseThrow().formality().use()).isEqualTo("usted");
    assertThat(guide.language("it").orElseThrow().formality().use()).isEqualTo("Lei");
    assertThat(guide.language("pt").orElseThrow().formality().use()).isEqualTo("você");
    assertThat(guide.severity("max-length")).contains(Severity.BLOCK);
    assertThat(guide.severity("empathy")).contains(Severity.WARN);
  }

  @Test
  void shippedTemplatesShouldCoverAtLeastEnglishGermanFrenchAndSpanish() {
    TemplateLibrary templates = Shipped.GUIDE.templates();

    assertThat(templates.languages()).contains("en", "de", "fr", "es", "it", "pt");
    for (String language : templates.languages()) {
      assertThat(templates.find(language, "move-to-private")).as(language).isPresent();
    }
    assertThat(templates.language("en"))
        .extracting(Template::id)
        .contains("where-is-my-order", "damaged-item", "size-exchange", "refund-status");
    Template refund = templates.find("en", "refund-status").orElseThrow();
    assertThat(refund.channels()).containsExactly("email");
    assertThat(refund.visibility()).isEqualTo(Template.Visibility.PRIVATE);
    assertThat(refund.source()).endsWith("en.yaml");
  }

  @Test
  void packagedCopyShouldLoadLikeTheFolder() {
    VoiceGuide packaged = VoiceGuide.loadPackaged();

    assertThat(packaged.brand()).isEqualTo(Shipped.GUIDE.brand());
    assertThat(packaged.languages().keySet()).isEqualTo(Shipped.GUIDE.languages().keySet());
    assertThat(packaged.templates().all()).hasSameSizeAs(Shipped.GUIDE.templates().all());
  }

  @Test
  void missingFolderShouldFallBackToThePackagedCopy() {
    VoiceGuide guide = VoiceGuide.loadOrPackaged(tmp.resolve("nowhere"));

    assertThat(guide.brand()).isEqualTo("Northwind Travel Gear");
  }

  @Test
  void missingGuideFileShouldNameTheFile() {
    assertThatThrownBy(() -> VoiceGuide.load(tmp))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("brand-voice.yaml")
        .hasMessageContaining("no such file");
  }

  @Test
  void misspeltKeyShouldNameFileAndKeyPath() throws IOException {
    Path dir = copyWith("    maxEmoji: 1\n", "    maxEmojis: 1\n");

    assertThatThrownBy(() -> VoiceGuide.load(dir))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("brand-voice.yaml: channels.x.maxEmojis: unknown key");
  }

  @Test
  void wrongTypeShouldNameFileAndKeyPath() throws IOException {
    Path dir = copyWith("    maxEmoji: 0\n", "    maxEmoji: none\n");

    assertThatThrownBy(() -> VoiceGuide.load(dir))
        .hasMessageContaining("brand-voice.yaml: channels.email.maxEmoji: must be a whole number");
  }

  @Test
  void badRegexShouldNameTheListEntry() throws IOException {
    Path dir = copyWith("'\\b(?:NW|NWB)-\\d{6}\\b'", "'\\b(?:NW|NWB-\\d{6}\\b'");

    assertThatThrownBy(() -> VoiceGuide.load(dir))
        .hasMessageContaining(
            "brand-voice.yaml: publicReplies.personalData[0].regex: not a valid "
                + "regular expression");
  }

  @Test
  void brokenYamlShouldNameFileAndLine() throws IOException {
    Path dir = copyWith("brand: Northwind Travel Gear\n", "brand: [Northwind Travel Gear\n");

    assertThatThrownBy(() -> VoiceGuide.load(dir))
        .isInstanceOf(ConfigException.class)
        .hasMessageMatching("(?s).*brand-voice.yaml: line \\d+: not valid YAML.*");
  }

  @Test
  void duplicateKeyShouldBeAnError() throws IOException {
    Path dir =
        copyWith(
            "brand: Northwind Travel Gear\n", "brand: Northwind Travel Gear\nbrand: Southwind\n");

    assertThatThrownBy(() -> VoiceGuide.load(dir))
        .hasMessageContaining("brand-voice.yaml")
        .hasMessageContaining("brand");
  }

  @Test
  void languageWithoutGreetingOnAChannelShouldBeNamed() throws IOException {
    Path dir =
        copyWith(
            "      pt: [\"Olá, {customer.first_name},\", \"Olá,\"]\n    signOff:\n"
                + "      en: [\"Best regards,",
            "    signOff:\n      en: [\"Best regards,");

    assertThatThrownBy(() -> VoiceGuide.load(dir))
        .hasMessageContaining(
            "brand-voice.yaml: channels.email.greeting: no entry for language 'pt'");
  }

  @Test
  void unknownPlaceholderInGreetingShouldBeNamed() throws IOException {
    Path dir =
        copyWith(
            "en: [\"Hi {customer.first_name},\", \"Hi there,\"]\n      de: [\"Hallo "
                + "{customer.first_name},\", \"Guten Tag,\"]",
            "en: [\"Hi {customer.firstname},\"]\n"
                + "      de: [\"Hallo {customer.first_name},\", \"Guten Tag,\"]");

    assertThatThrownBy(() -> VoiceGuide.load(dir))
        .hasMessageContaining(
            "channels.email.greeting.en: unknown placeholder {customer.firstname}");
  }

  @Test
  void unknownRuleShouldListTheKnownOnes() throws IOException {
    Path dir = copyWith("  language: warn\n", "  language: warn\n  shouting: warn\n");

    assertThatThrownBy(() -> VoiceGuide.load(dir))
        .hasMessageContaining("brand-voice.yaml: rules.shouting: unknown rule")
        .hasMessageContaining("banned-phrase");
  }

  @Test
  void ruleSwitchedOffShouldNotRun() throws IOException {
    Path dir = copyWith("  banned-phrase: warn\n", "  banned-phrase: off\n");
    VoiceGuide guide = VoiceGuide.load(dir);

    VoiceResult result = new VoiceLinter(guide).check(Shipped.email("Unfortunately it is gone."));

    assertThat(guide.severity("banned-phrase")).isEmpty();
    assertThat(result.violations()).extracting(Violation::rule).doesNotContain("banned-phrase");
  }

  @Test
  void ruleSeverityShouldComeFromTheGuide() throws IOException {
    Path dir = copyWith("  empathy: warn\n", "  empathy: block\n");
    VoiceGuide guide = VoiceGuide.load(dir);

    VoiceResult result =
        new VoiceLinter(guide)
            .check(Shipped.email("Your parcel ships today.").withSentiment(Sentiment.NEGATIVE));

    assertThat(result.violations())
        .extracting(Violation::rule, Violation::severity)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("empathy", Severity.BLOCK));
    assertThat(result.blocked()).isTrue();
  }

  @Test
  void templateFileForUnknownLanguageShouldBeNamed() throws IOException {
    Path dir = copyWith("brand: Northwind", "brand: Northwind");
    Files.copy(dir.resolve("templates/en.yaml"), dir.resolve("templates/nl.yaml"));

    assertThatThrownBy(() -> VoiceGuide.load(dir))
        .hasMessageContaining("nl.yaml")
        .hasMessageContaining("'nl' is not one of the languages");
  }

  @Test
  void templateForUnknownChannelShouldNameFileAndKey() throws IOException {
    Path dir = copyWith("brand: Northwind", "brand: Northwind");
    replace(
        dir.resolve("templates/en.yaml"),
        "channels: [x, facebook, instagram]",
        "channels: [x, sms]");

    assertThatThrownBy(() -> VoiceGuide.load(dir))
        .hasMessageContaining("en.yaml: templates[0].channels: 'sms' is not one of the channels");
  }

  @Test
  void misspeltPlaceholderInTemplateShouldBeNamed() throws IOException {
    Path dir = copyWith("brand: Northwind", "brand: Northwind");
    replace(
        dir.resolve("templates/en.yaml"), "the whole {brand} team", "the whole {brand.name} team");

    assertThatThrownBy(() -> VoiceGuide.load(dir))
        .hasMessageContaining("en.yaml: templates[5].body: unknown placeholder {brand.name}");
  }

  @Test
  void missingPrivateMessageTemplateShouldNameLanguage() throws IOException {
    Path dir = copyWith("brand: Northwind", "brand: Northwind");
    replace(dir.resolve("templates/it.yaml"), "id: move-to-private", "id: move-to-dm");

    assertThatThrownBy(() -> VoiceGuide.load(dir))
        .hasMessageContaining(
            "brand-voice.yaml: publicReplies.privateMessageTemplate: no template "
                + "'move-to-private' in templates/it.yaml");
  }

  /** A copy of the shipped config/voice with one replacement in brand-voice.yaml. */
  private Path copyWith(String from, String to) throws IOException {
    Path dir = tmp.resolve("voice");
    try (Stream<Path> files = Files.walk(Shipped.DIR)) {
      for (Path p : files.toList()) {
        Path target = dir.resolve(Shipped.DIR.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
    replace(dir.resolve("brand-voice.yaml"), from, to);
    return dir;
  }

  private static void replace(Path file, String from, String to) throws IOException {
    String s = Files.readString(file, StandardCharsets.UTF_8);
    assertThat(s).as("test setup: %s contains the text to replace", file).contains(from);
    Files.writeString(
        file,
        s.replaceFirst(
            java.util.regex.Pattern.quote(from), java.util.regex.Matcher.quoteReplacement(to)),
        StandardCharsets.UTF_8);
  }
}
