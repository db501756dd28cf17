package io.switchboard.voice;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TemplateRankerTest {
  private final TemplateRanker ranker = new TemplateRanker(Shipped.GUIDE);

  private static List<String> ids(List<RankedTemplate> ranked) {
    return ranked.stream().map(r -> r.template().id()).toList();
  }

  @Test
  void damagedItemMessageShouldRankTheDamageTemplateFirstAndSayWhy() {
    List<RankedTemplate> ranked =
        ranker.rank(
            "en", "email", false, "My duffel arrived with a torn strap and the wheel is broken.");

    RankedTemplate best = ranked.get(0);
    assertThat(best.template().id()).isEqualTo("damaged-item");
    assertThat(best.score()).isEqualTo(20);
    assertThat(best.reasons())
        .containsExactly("+10 keyword \"broken\" (\"broken\")", "+10 keyword \"torn\" (\"torn\")");
    assertThat(ranked.get(1).template().id()).isEqualTo("warranty-repair");
  }

  @Test
  void wildcardKeywordShouldMatchWordForms() {
    List<RankedTemplate> ranked =
        ranker.rank("en", "email", false, "It still hasn't been delivered");

    assertThat(ranked.get(0).template().id()).isEqualTo("where-is-my-order");
    assertThat(ranked.get(0).reasons()).contains("+10 keyword \"deliver*\" (\"delivered\")");
  }

  @Test
  void germanMessageWithoutUmlautsShouldStillMatch() {
    List<RankedTemplate> ranked =
        ranker.rank("de", "email", false, "Die Grosse passt nicht, kann ich umtauschen?");

    assertThat(ranked.get(0).template().id()).isEqualTo("size-exchange");
    assertThat(ranked.get(0).reasons()).contains("+10 keyword \"größe\" (\"Grosse\")");
    assertThat(ranked).allSatisfy(r -> assertThat(r.template().language()).isEqualTo("de"));
  }

  @Test
  void frenchAndSpanishMessagesShouldGetTheirLanguagesTemplates() {
    assertThat(
            ranker.rank("fr", "email", false, "Mon sac est arrivé déchiré").get(0).template().id())
        .isEqualTo("damaged-item");
    assertThat(
            ranker
                .rank("es", "email", false, "¿Dónde está mi pedido? No ha llegado")
                .get(0)
                .template()
                .id())
        .isEqualTo("where-is-my-order");
  }

  @Test
  void publicConversationShouldOfferTheMoveToPrivateTemplateFirstAndNoPrivateOnes() {
    List<RankedTemplate> ranked = ranker.rank("en", "x", true, "@northwind you lost my bag!!");

    assertThat(ids(ranked)).containsExactly("move-to-private", "thanks-for-feedback");
    assertThat(ranked.get(0).reasons()).containsExactly("+5 made for public replies");
  }

  @Test
  void privateConversationShouldNotOfferTheMoveToPrivateTemplate() {
    assertThat(ids(ranker.rank("en", "x", false, "where is my order")))
        .doesNotContain("move-to-private")
        .contains("where-is-my-order");
  }

  @Test
  void emailOnlyTemplatesShouldNotBeOfferedOnSocialChannels() {
    assertThat(ids(ranker.rank("en", "facebook", false, "warranty repair of my zip")))
        .doesNotContain("warranty-repair", "refund-status");
  }

  @Test
  void unknownLanguageShouldFallBackToTheDefaultAndSaySo() {
    List<RankedTemplate> ranked = ranker.rank("nl", "email", false, "Mijn pakket is niet geleverd");

    assertThat(ranked)
        .isNotEmpty()
        .allSatisfy(
            r -> {
              assertThat(r.template().language()).isEqualTo("en");
              assertThat(r.reasons()).first().isEqualTo("no templates in \"nl\"; showing en");
            });
  }

  @Test
  void templatesWithoutAnyMatchShouldComeLastInTitleOrder() {
    List<RankedTemplate> ranked = ranker.rank("en", "email", false, "");

    assertThat(ranked)
        .allSatisfy(
            r -> {
              assertThat(r.score()).isZero();
              assertThat(r.reasons()).containsExactly("no keyword found in the customer's message");
            });
    assertThat(ranked).extracting(r -> r.template().title()).isSorted();
  }

  @Test
  void renderingShouldFillPlaceholders() {
    Template thanks = Shipped.GUIDE.templates().find("en", "thanks-for-feedback").orElseThrow();

    assertThat(thanks.render(Placeholders.values("Northwind Travel Gear", "Anna", "Tom")))
        .endsWith("the whole Northwind Travel Gear team.");
  }
}
