package io.switchboard.nlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Adjusted classify and count against plain counting on held-out texts whose class mix is not the
 * calibration's (ADR 0028). Prints every figure; the customer-service part needs only the
 * repository, the TweetEval part skips without the shared data.
 */
class SharesHeldOutTest {
  static final Path SHARED = Path.of("../shared/data");
  static SharesHeldOut heldOut;

  @BeforeAll
  static void load() {
    heldOut = SharesHeldOut.shipped();
  }

  @Test
  void onCustomerServiceHalvesResampledToAComplaintHeavyMixTheIntervalsShouldHoldTheTrueShares() throws Exception {
    List<SharesHeldOut.Result> halves = heldOut.customerServiceResampled(20);
    halves.forEach(r -> System.out.println(r.line()));
    double[] mean = SharesHeldOut.meanErrors(halves);
    System.out.printf("cs: 20 random halves: mean max error plain %.1f adjusted %.1f pts%n", 100 * mean[0], 100 * mean[1]);
    // with the customer-service calibration inside the tagger, plain counting and the adjusted
    // estimate are both about 6 points off on this mix (ADR 0028): neither meets 3 points yet
    assertThat(mean[1]).as("adjusted, on average, no worse than plain counting").isLessThanOrEqualTo(mean[0] + 0.01);
    // the 90 % intervals hold the true share about 9 times in 10
    for (int k = 0; k < 3; k++) {
      String label = ShareEstimator.LABELS.get(k);
      int kk = k;
      long covered =
          halves.stream()
              .filter(r -> r.adjusted().get(label).low() <= r.truth()[kk] && r.truth()[kk] <= r.adjusted().get(label).high())
              .count();
      System.out.printf("cs: 90 %% interval of %s holds the true share in %d of %d halves%n", label, covered, halves.size());
      assertThat(covered).as(label).isGreaterThanOrEqualTo(15);
    }
  }

  @Test
  void acrossLanguagesAndChannelsTheFiguresShouldBePrinted() throws Exception {
    List<SharesHeldOut.Result> splits = heldOut.customerService();
    splits.forEach(r -> System.out.println(r.line()));
    assertThat(splits).hasSize(4).allSatisfy(r -> {
      assertThat(r.n()).isPositive();
      assertThat(r.calibrationRows()).isPositive();
    });
  }

  @Test
  void onTweetEvalResampledToTheCustomerServiceMixTheIntervalShouldHoldTheTrueShares() throws Exception {
    assumeTrue(Files.isDirectory(SHARED.resolve("sentiment/tweeteval")), "no shared data");
    SharesHeldOut.Result r = heldOut.tweetEval(SHARED);
    System.out.println(r.line());
    assertThat(r.truth()[0]).isCloseTo(0.63, org.assertj.core.api.Assertions.within(0.001));
    // the customer-service tagger reads most neutral tweets as negative: M is ill-conditioned on
    // tweets and the point estimate is far off (ADR 0028); the 90 % interval must say so by
    // holding the true share
    for (int k = 0; k < 3; k++) {
      ShareEstimator.Share e = r.adjusted().get(ShareEstimator.LABELS.get(k));
      assertThat(r.truth()[k]).as(ShareEstimator.LABELS.get(k)).isBetween(e.low(), e.high());
    }
  }
}
