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
  static final Path CUSTOMER_SERVICE = Path.of("src/main/resources/nlp/customer-service");
  static final Path SHARED = Path.of("../shared/data");
  static SharesHeldOut heldOut;

  @BeforeAll
  static void load() {
    heldOut = SharesHeldOut.shipped();
  }

  @Test
  void onCustomerServiceHalvesResampledToAComplaintHeavyMixAdjustingShouldBeatPlainCounting() throws Exception {
    List<SharesHeldOut.Result> halves = heldOut.customerServiceResampled(CUSTOMER_SERVICE, 20);
    halves.forEach(r -> System.out.println(r.line()));
    double[] mean = SharesHeldOut.meanErrors(halves);
    System.out.printf("cs: 20 random halves: mean max error plain %.1f adjusted %.1f pts%n", 100 * mean[0], 100 * mean[1]);
    assertThat(mean[0]).as("plain counting misses a complaint-heavy mix").isGreaterThan(0.03);
    assertThat(mean[1]).as("adjusted, on average").isLessThan(mean[0] / 2);
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
    List<SharesHeldOut.Result> splits = heldOut.customerService(CUSTOMER_SERVICE);
    splits.forEach(r -> System.out.println(r.line()));
    assertThat(splits).hasSize(4).allSatisfy(r -> {
      assertThat(r.n()).isPositive();
      assertThat(r.calibrationRows()).isPositive();
    });
  }

  @Test
  void onTweetEvalResampledToTheCustomerServiceMixAdjustedSharesShouldBeWithinThreePoints() throws Exception {
    assumeTrue(Files.isDirectory(SHARED.resolve("sentiment/tweeteval")), "no shared data");
    SharesHeldOut.Result r = heldOut.tweetEval(SHARED);
    System.out.println(r.line());
    assertThat(r.truth()[0]).isCloseTo(0.63, org.assertj.core.api.Assertions.within(0.001));
    assertThat(r.adjustedError()).isLessThanOrEqualTo(0.03);
    assertThat(r.adjustedError()).isLessThanOrEqualTo(r.plainError());
  }
}
