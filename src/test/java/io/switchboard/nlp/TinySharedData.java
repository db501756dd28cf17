package io.switchboard.nlp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A tiny sentiment data set in the shared layout, written by the tests that train: 20 clearly
 * negative, neutral and positive English tweets each in the SemEval 2013–2016 pool (plus one whose
 * id is listed to drop, one repeated in a second file, and one that is also a TweetEval test
 * tweet), three UMSAB tweets a language (one of them also a validation tweet, which training must
 * skip) and two UCI sentences a file.
 */
final class TinySharedData {
  private TinySharedData() {}

  /** Writes the set under {@code data} and returns it. */
  static Path write(Path data) throws IOException {
    Path sentiment = data.resolve("sentiment");
    List<String> texts = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      texts.add("awful terrible product " + i);
      labels.add("0");
      texts.add("the shop opens at nine " + i);
      labels.add("1");
      texts.add("wonderful lovely product " + i);
      labels.add("2");
    }
    String[] names = {"negative", "neutral", "positive"};
    List<String> pool = new ArrayList<>();
    for (int i = 0; i < texts.size(); i++) {
      pool.add((1000 + i) + "\t" + names[Integer.parseInt(labels.get(i))] + "\t" + texts.get(i));
    }
    pool.add("999\tpositive\tdropped validation tweet");
    pool.add("998\tneutral\t\"a SemEval-2017 test tweet, via @someone https://t.co/x\"");
    Path semeval = sentiment.resolve(SentimentData.SEMEVAL_DIR);
    Files.createDirectories(semeval);
    Files.write(semeval.resolve("twitter-2013train-A.tsv"), pool);
    Files.write(semeval.resolve("twitter-2016test-A.tsv"), List.of("1000\tnegative\t" + texts.get(0)));
    Files.write(semeval.resolve(SentimentData.DROP_IDS), List.of("999"));
    split(sentiment.resolve("tweeteval"), "test",
        List.of("a SemEval-2017 test tweet, via @user"), List.of("1"));
    // a validation tweet also in a train split must not be trained on
    split(sentiment.resolve("tweeteval"), "val", List.of("held out tweet"), List.of("2"));
    for (String lang : SentimentData.UMSAB_LANGUAGES.keySet()) {
      split(sentiment.resolve("umsab").resolve(lang), "train",
          List.of("held out tweet", "schrecklich", "neutral"), List.of("0", "0", "1"));
      split(sentiment.resolve("umsab").resolve(lang), "val", List.of("x"), List.of("1"));
    }
    Files.createDirectories(sentiment.resolve("uci"));
    for (String f :
        List.of("amazon_cells_labelled.txt", "yelp_labelled.txt", "imdb_labelled.txt")) {
      Files.write(sentiment.resolve("uci").resolve(f), List.of("Great value.\t1", "Broken.\t0"));
    }
    return data;
  }

  private static void split(Path folder, String split, List<String> texts, List<String> labels)
      throws IOException {
    Files.createDirectories(folder);
    Files.write(folder.resolve(split + "_text.txt"), texts);
    Files.write(folder.resolve(split + "_labels.txt"), labels);
  }
}
