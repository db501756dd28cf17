package io.switchboard.channel.facebook;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimeCursorTest {
  private record Item(String id, Instant time) implements TimeCursor.Timed {}

  private static final Instant T = Instant.parse("2026-11-23T10:00:00Z");

  @Test
  void itemsInTheSameSecondShouldStayNewUntilSeen() {
    TimeCursor c = TimeCursor.at(T.minusSeconds(60)).after(List.of(new Item("a", T), new Item("b", T.minusSeconds(5))));

    assertThat(c.time()).isEqualTo(T);
    assertThat(c.isNew("a", T)).isFalse();
    assertThat(c.isNew("c", T)).as("another comment in the same second").isTrue();
    assertThat(c.isNew("b", T.minusSeconds(5))).isFalse();
    assertThat(c.isNew("d", T.plusSeconds(1))).isTrue();
  }

  @Test
  void cursorShouldSurviveBeingStoredAndRead() {
    TimeCursor c = TimeCursor.at(T).after(List.of(new Item("1_2", T.plusSeconds(3)), new Item("1_3", T.plusSeconds(3))));

    TimeCursor back = TimeCursor.decode(c.encode());

    assertThat(back).isEqualTo(c);
    assertThat(back.isNew("1_2", T.plusSeconds(3))).isFalse();
    assertThat(back.isNew("1_4", T.plusSeconds(3))).isTrue();
  }

  @Test
  void sameSecondItemsShouldAccumulateAcrossBatches() {
    TimeCursor c = TimeCursor.at(T).after(List.of(new Item("a", T))).after(List.of(new Item("b", T)));

    assertThat(c.isNew("a", T)).isFalse();
    assertThat(c.isNew("b", T)).isFalse();
  }

  @Test
  void storedFormShouldFitTheCursorColumnWhenManyShareASecond() {
    List<Item> many = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      many.add(new Item("1029384756_" + i, T));
    }
    TimeCursor c = TimeCursor.at(T.minusSeconds(1)).after(many);

    assertThat(c.encode()).hasSizeLessThanOrEqualTo(500);
    assertThat(c.isNew("1029384756_0", T)).as("in memory every id is known").isFalse();
    assertThat(TimeCursor.decode(c.encode()).isNew("1029384756_199", T)).as("the newest are stored").isFalse();
  }

  @Test
  void somethingElseStoredShouldNotDecode() {
    assertThat(TimeCursor.decode("12:345")).isNull();
    assertThat(TimeCursor.decode("abc|x")).isNull();
  }
}
