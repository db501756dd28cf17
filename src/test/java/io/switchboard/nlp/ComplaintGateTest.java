package io.switchboard.nlp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The complaint gate (ADR 0071): trained on a tiny fixture, and what it does to a tag. */
class ComplaintGateTest {
  private static final List<String> COMPLAINTS = List.of(
      "love that my parcel is lost again",
      "brilliant, my parcel is lost and nobody answers",
      "great service, still waiting for my refund",
      "amazing, charged twice and still no refund",
      "my parcel never arrived and nobody answers",
      "still waiting for my refund after three weeks");
  private static final List<String> PRAISE = List.of(
      "thanks for the quick help, lovely team",
      "great service, the replacement came the next day, thank you",
      "love the new jacket, thanks a lot",
      "thank you so much, lovely people and quick help",
      "brilliant team, thanks for sorting it so quickly",
      "the new jacket fits perfectly, lovely");

  private static ComplaintGate gate;

  @BeforeAll
  static void train() throws IOException {
    List<SentimentData.Example> rows = new ArrayList<>();
    for (int copy = 0; copy < 3; copy++) {
      COMPLAINTS.forEach(t -> rows.add(new SentimentData.Example(t, "en", SentimentModel.NEGATIVE)));
      PRAISE.forEach(t -> rows.add(new SentimentData.Example(t, "en", SentimentModel.POSITIVE)));
    }
    gate = ComplaintGate.trained(rows, 0.5);
  }

  @Test
  void aTrainedGateShouldTellAComplaintInPraiseWordsFromPraise() {
    assertThat(gate.complaint("lovely, my parcel is lost again and nobody answers", "en"))
        .isGreaterThan(0.8);
    assertThat(gate.complaint("thanks for the quick help, lovely", "en")).isLessThan(0.2);
  }

  @Test
  void theGateShouldOnlyEverTurnAPositiveAnswerNegative() {
    double[] x = new double[ServiceCalibration.GATE + 1];
    x[ServiceCalibration.GATE] = 0.7;
    double[] positive = {0.2, 0.1, 0.7};
    assertThat(ServiceCalibration.gated(positive, x, 0.5))
        .containsExactly(new double[] {0.9, 0.1, 0.0}, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(ServiceCalibration.gated(positive, x, 0.75)).isSameAs(positive);
    assertThat(ServiceCalibration.gated(positive, x, ComplaintGate.OFF)).isSameAs(positive);
    double[] neutral = {0.3, 0.5, 0.2};
    assertThat(ServiceCalibration.gated(neutral, x, 0.5)).isSameAs(neutral);
    // without the gate's probability (no gate) nothing changes
    double[] bare = new double[ServiceCalibration.FEATURES];
    assertThat(ServiceCalibration.gated(positive, bare, 0.5)).isSameAs(positive);
  }

  @Test
  void theInboxShouldTagAMessageTheGateClosesOnNegativeWithTheReason() {
    NlpTagger shipped = NlpTagger.load();
    String text = "brilliant service, love it, parcel lost again 😍👍";
    NlpTagger.Analysis before = analyze(shipped, text);
    NlpTagger off = shipped.withSentimentModel(
        shipped.sentimentModel().withGate(gate.withThreshold(ComplaintGate.OFF)));
    NlpTagger on = shipped.withSentimentModel(shipped.sentimentModel().withGate(gate));
    assertThat(analyze(off, text)).isEqualTo(before);
    assertThat(before.sentiment()).isEqualTo(SentimentModel.POSITIVE);
    NlpTagger.Analysis gated = analyze(on, text);
    assertThat(gated.sentiment()).isEqualTo(SentimentModel.NEGATIVE);
    assertThat(gated.reasons()).contains(ComplaintGate.REASON);
    // praise the gate does not call a complaint stays positive, without the reason
    String praise = "thanks for the quick help, lovely team 😍";
    assertThat(analyze(on, praise).sentiment()).isEqualTo(SentimentModel.POSITIVE);
    assertThat(analyze(on, praise).reasons()).doesNotContain(ComplaintGate.REASON);
  }

  private static NlpTagger.Analysis analyze(NlpTagger tagger, String text) {
    return tagger.analyze(text, "en", ConversationFacts.Facts.NONE, false, null);
  }
}
