package io.switchboard.util;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class TextFoldTest {

  @Test
  void foldShouldDropAccentsAndCase() {
    assertThat(TextFold.fold("Rémboursement ÇA Ñandú Łódź")).isEqualTo("remboursement ca nandu łodz");
    assertThat(TextFold.fold("Plain ASCII, Stays: 42!")).isEqualTo("plain ascii, stays: 42!");
  }

  @Test
  void sharpSShouldFoldToDoubleSInEveryCase() {
    assertThat(TextFold.fold("Straße")).isEqualTo("strasse");
    assertThat(TextFold.fold("STRASSE")).isEqualTo("strasse");
    assertThat(TextFold.fold("GROẞE")).isEqualTo("grosse"); // capital sharp s
    assertThat(TextFold.fold("Größe")).isEqualTo("grosse");
  }

  @Test
  void compatibilityFormsShouldFoldToTheirPlainLetters() {
    assertThat(TextFold.fold("ﬁnal Ｅxpress")).isEqualTo("final express");
  }

  @Test
  void caseShouldFoldTheSameWhereverACharacterStands() {
    // no final-sigma context rule: a word folds alone as it does inside a sentence
    assertThat(TextFold.fold("ΟΔΟΣ")).isEqualTo(TextFold.fold("ΟΔΟΣ ΚΑΙ").split(" ")[0]);
  }

  @Test
  void foldWithOriginsShouldFoldAsFoldDoes() {
    for (String s : new String[] {"Größe und Maße", "ﬁnal Ｅxpress", "Crème brûlée", "e\u0301te\u0301", "emoji 😀 ok", ""}) {
      assertThat(TextFold.foldWithOrigins(s).text()).as(s).isEqualTo(TextFold.fold(s));
    }
  }

  @Test
  void foldWithOriginsShouldMapAMatchBackToTheOriginalText() {
    String text = "Die GRÖSSE passt nicht, bitte eine andere Größe!";
    TextFold.Folded folded = TextFold.foldWithOrigins(text);
    Matcher m = Pattern.compile("grosse").matcher(folded.text());
    assertThat(m.find()).isTrue();
    assertThat(text.substring(folded.original(m.start()), folded.original(m.end()))).isEqualTo("GRÖSSE");
    assertThat(m.find()).isTrue();
    assertThat(text.substring(folded.original(m.start()), folded.original(m.end()))).isEqualTo("Größe");
  }

  @Test
  void aMatchRunningToTheEndShouldMapToTheOriginalsEnd() {
    String text = "über 😀 Maß";
    TextFold.Folded folded = TextFold.foldWithOrigins(text);
    Matcher m = Pattern.compile("mass$").matcher(folded.text());
    assertThat(m.find()).isTrue();
    assertThat(text.substring(folded.original(m.start()), folded.original(m.end()))).isEqualTo("Maß");
  }
}
