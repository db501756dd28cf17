package io.switchboard.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.model.InboundMessage;
import io.switchboard.model.Tags;
import io.switchboard.support.Inbound;
import io.switchboard.support.TestStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The conversation's stored sentiment trend as customer messages come in, on a real database. */
@ParameterizedClass(name = "{0}")
@EnumSource(TestStore.class)
@Tag("postgres")
class SentimentTrendTest {
  @Parameter TestStore backend;
  @TempDir Path dir;
  private Database db;
  private MessageStore store;
  private SentimentTrend trends;
  private int seq;

  @BeforeEach
  void open() {
    db = backend.open(dir);
    store = new MessageStore(db.jdbi(), Clock.systemUTC());
    trends = new SentimentTrend(db.jdbi());
  }

  @AfterEach
  void close() {
    db.close();
  }

  private long in(Long conversation, String sentiment, Double score) {
    seq++;
    InboundMessage m =
        Inbound.email("support", "trend-" + seq, "thread", "ann@example.com", "Ann", "Order", "message " + seq,
            Instant.parse("2026-01-01T10:00:00Z").plusSeconds(seq * 60L));
    return store.storeInbound(m, conversation, new Tags("en", sentiment, score, "normal", List.of()))
        .conversationId();
  }

  @Test
  void trendShouldKeepLatestWorstAndDirectionOfEachCustomerMessage() {
    long c = in(null, "neutral", 0.6);
    assertThat(trends.of(c)).contains(new SentimentTrend.Trend("neutral", 0.6, "neutral", 0.6, "steady"));

    in(c, "negative", 0.7);
    assertThat(trends.of(c)).contains(new SentimentTrend.Trend("negative", 0.7, "negative", 0.7, "worsening"));

    in(c, "negative", 0.9);
    assertThat(trends.of(c)).contains(new SentimentTrend.Trend("negative", 0.9, "negative", 0.9, "steady"));

    in(c, "negative", 0.6);
    assertThat(trends.of(c)).contains(new SentimentTrend.Trend("negative", 0.6, "negative", 0.9, "steady"));

    in(c, "positive", 0.8);
    assertThat(trends.of(c)).contains(new SentimentTrend.Trend("positive", 0.8, "negative", 0.9, "improving"));
  }

  @Test
  void messagesWithoutSentimentShouldLeaveTheTrendAlone() {
    long c = in(null, "positive", 0.9);
    in(c, null, null);
    assertThat(trends.of(c)).contains(new SentimentTrend.Trend("positive", 0.9, "positive", 0.9, "steady"));
    assertThat(trends.of(c + 1000)).isEmpty();
  }
}
