package io.switchboard.nlp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorrectionMemoryTest {
  @TempDir Path dir;

  private static List<String> words(String text) {
    return PhraseMatcher.words(text);
  }

  @Test
  void theLatestCorrectionOfATextShouldWinAndSurviveWritingAndLoading() throws IOException {
    CorrectionMemory memory =
        CorrectionMemory.of(
            List.of(
                new Correction("Where is my refund? Third time asking", "en", "neutral", "high"),
                new Correction("where is my refund third time asking", null, "negative", null),
                new Correction("🙂", null, "positive", null)));
    assertThat(memory.size()).isEqualTo(1);
    Path file = dir.resolve(CorrectionMemory.FILE);
    memory.write(file);
    CorrectionMemory loaded = CorrectionMemory.load(file);
    CorrectionMemory.Match s = loaded.sentiment(words("Where is my refund?? third time asking"));
    assertThat(s.label()).isEqualTo("negative");
    assertThat(s.similarity()).isEqualTo(1.0);
    assertThat(loaded.urgency(words("where is my refund third time asking")).label()).isEqualTo("high");
  }

  @Test
  void onlyNearlyTheSameWordsShouldMatch() {
    CorrectionMemory memory =
        CorrectionMemory.of(
            List.of(new Correction("the app logs me out every five minutes", "en", null, "high")));
    // 7 of 8 words shared: similar
    assertThat(memory.urgency(words("the app logs me out every five minutes again"))).isNotNull();
    // a different complaint sharing some words: not
    assertThat(memory.urgency(words("the app is slow every morning"))).isNull();
    // only urgency was corrected: no sentiment answer
    assertThat(memory.sentiment(words("the app logs me out every five minutes"))).isNull();
    assertThat(memory.urgency(List.of())).isNull();
  }

  @Test
  void aMissingFileShouldBeAnEmptyMemory() throws IOException {
    assertThat(CorrectionMemory.load(dir.resolve("nothing.tsv")).isEmpty()).isTrue();
  }
}
