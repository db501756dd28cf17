package io.switchboard.digest;

import io.switchboard.digest.Digest.Breakdown;
import io.switchboard.digest.Digest.Estimate;
import io.switchboard.digest.Digest.PublicPost;
import io.switchboard.digest.Digest.Quote;
import io.switchboard.digest.Digest.Theme;
import io.switchboard.digest.Digest.Urgent;
import io.switchboard.digest.Digest.UrgentConversation;
import io.switchboard.nlp.ComplaintEvents;
import io.switchboard.nlp.ShareEstimator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Computes a {@link Digest} for a period from the store's aggregates. Thread-safe. */
public final class DigestService {
  /** What a digest shows and how much it reads; see {@code config/digest.properties}. */
  public record Options(int themeSample, int themes, int quotes, int posts, int praise, double praiseMinScore) {
    public static final Options DEFAULTS = new Options(5000, 8, 3, 5, 5, 0.8);
  }

  private static final int QUOTE_CHARS = 240;

  /** Candidates read per praise quote shown: the filters drop questions and complaints. */
  private static final int PRAISE_CANDIDATES = 5;

  private final DigestQueries queries;
  private final ThemeFinder themes;
  private final Options options;
  private final Clock clock;
  private final ShareEstimator shares;

  public DigestService(DigestQueries queries, ThemeFinder themes, Options options, Clock clock) {
    this(queries, themes, options, clock, ShareEstimator.packaged());
  }

  /** @param shares corrects the tags' shares for the tagger's known errors */
  public DigestService(
      DigestQueries queries, ThemeFinder themes, Options options, Clock clock, ShareEstimator shares) {
    this.queries = queries;
    this.themes = themes;
    this.options = options;
    this.clock = clock;
    this.shares = shares;
  }

  public Digest digest(Period period) {
    long started = System.nanoTime();
    Period before = period.previous();
    List<DigestQueries.Cell> now = queries.cells(period);
    List<DigestQueries.Cell> then = queries.cells(before);
    Breakdown total = breakdown("all", now, then);
    List<Breakdown> channels = breakdowns(now, then, DigestQueries.Cell::channel);
    List<Breakdown> languages = breakdowns(now, then, c -> c.language() == null ? "unknown" : c.language());

    List<DigestQueries.Text> negative = queries.negativeTexts(period, options.themeSample());
    List<DigestQueries.Text> others = queries.otherTexts(period, options.themeSample());
    // NPS detractors' comments are complaints too (ADR 0040)
    List<DigestQueries.Text> complaints = withDetractors(negative, period);
    List<ThemeFinder.Found<DigestQueries.Text>> found = themes.find(complaints, others, options.themes());
    Map<String, Integer> previousCounts =
        themes.count(withDetractors(queries.negativeTexts(before, options.themeSample()), before), found);
    List<Theme> themeList =
        found.stream()
            .map(
                f -> {
                  int count = f.messages().size();
                  int previous = previousCounts.getOrDefault(f.key(), 0);
                  return new Theme(
                      f.label(),
                      f.wordings().stream().limit(3).toList(),
                      count,
                      previous,
                      change(count, previous),
                      examples(f.messages()));
                })
            .toList();

    List<PublicPost> posts = new ArrayList<>();
    for (DigestQueries.PublicRow r : queries.negativePublic(period, options.posts())) {
      Quote q = queries.worstNegative(r.conversationId(), period).map(DigestService::quote).orElse(null);
      posts.add(new PublicPost(r.conversationId(), r.channel(), r.subject(), r.reach(), r.negative(), r.score(), q));
    }
    List<Quote> praise =
        queries.praise(period, options.praiseMinScore(), options.praise() * PRAISE_CANDIDATES).stream()
            .filter(t -> isPraise(t.text()))
            .limit(options.praise())
            .map(DigestService::quote)
            .toList();

    return new Digest(
        period,
        before,
        clock.instant(),
        total,
        channels,
        languages,
        themeList,
        negative.size() >= options.themeSample(),
        posts,
        urgent(queries.urgent(period)),
        praise,
        (System.nanoTime() - started) / 1_000_000,
        listening(period, before));
  }

  /** What people say without tagging us: the posts listening found (ADR 0041). */
  private Digest.Listening listening(Period period, Period before) {
    long[] now = counts(queries.mentions(period));
    long previous = counts(queries.mentions(before))[3];
    List<Digest.Mention> widest = new ArrayList<>();
    for (DigestQueries.MentionRow r : queries.widestNegativeMentions(period, options.posts())) {
      Quote q = queries.worstNegative(r.conversationId(), period).map(DigestService::quote).orElse(null);
      widest.add(new Digest.Mention(r.conversationId(), r.channel(), r.author(), r.reach(), r.score(), q));
    }
    return new Digest.Listening(now[3], previous, change(now[3], previous), now[0], now[1], now[2], List.copyOf(widest));
  }

  private List<DigestQueries.Text> withDetractors(List<DigestQueries.Text> negative, Period p) {
    List<DigestQueries.Text> all = new ArrayList<>(negative);
    all.addAll(queries.detractorComments(p, options.themeSample()));
    return all;
  }

  private List<Quote> examples(List<DigestQueries.Text> messages) {
    // newest first, one per conversation where there are enough conversations
    List<DigestQueries.Text> picked = new ArrayList<>();
    LinkedHashSet<Long> conversations = new LinkedHashSet<>();
    for (DigestQueries.Text t : messages) {
      if (picked.size() < options.quotes() && conversations.add(t.conversationId())) {
        picked.add(t);
      }
    }
    for (DigestQueries.Text t : messages) {
      if (picked.size() < options.quotes() && !picked.contains(t)) {
        picked.add(t);
      }
    }
    return picked.stream().map(DigestService::quote).toList();
  }

  /**
   * Whether a surely positive message is praise worth sharing: it names no complaint event ("haven't
   * had a shipping email yet") and asks nothing (pre-sales and order-status questions read as
   * friendly, not as praise).
   */
  static boolean isPraise(String text) {
    if (text == null || text.isBlank()) {
      return false;
    }
    return text.indexOf('?') < 0 && text.indexOf('¿') < 0 && ComplaintEvents.DEFAULT.find(text).isEmpty();
  }

  static Quote quote(DigestQueries.Text t) {
    String text = t.text() == null ? "" : t.text().replaceAll("\\s+", " ").strip();
    if (text.length() > QUOTE_CHARS) {
      int cut = text.lastIndexOf(' ', QUOTE_CHARS);
      text = text.substring(0, cut > QUOTE_CHARS / 2 ? cut : QUOTE_CHARS) + " …";
    }
    return new Quote(t.conversationId(), t.messageId(), t.channel(), t.language(), t.score(), t.sentAt(), text);
  }

  static Urgent urgent(List<DigestQueries.UrgentRow> rows) {
    List<UrgentConversation> all =
        rows.stream()
            .map(
                r ->
                    new UrgentConversation(
                        r.conversationId(),
                        r.channel(),
                        r.urgency(),
                        r.firstAt(),
                        r.repliedAt(),
                        r.repliedAt() == null ? null : Duration.between(r.firstAt(), r.repliedAt()).toSeconds()))
            .toList();
    List<Long> times = all.stream().map(UrgentConversation::seconds).filter(s -> s != null).sorted().toList();
    Long median = null;
    if (!times.isEmpty()) {
      int n = times.size();
      median = n % 2 == 1 ? times.get(n / 2) : (times.get(n / 2 - 1) + times.get(n / 2)) / 2;
    }
    // unanswered first (longest waiting), then the slowest answers
    List<UrgentConversation> slowest =
        all.stream()
            .sorted(
                Comparator.comparing((UrgentConversation u) -> u.seconds() != null)
                    .thenComparing(u -> u.seconds() == null ? u.firstAt() : Instant.EPOCH)
                    .thenComparing(u -> u.seconds() == null ? 0 : -u.seconds()))
            .limit(5)
            .toList();
    return new Urgent(
        all.size(),
        times.size(),
        all.size() - times.size(),
        median,
        times.isEmpty() ? null : times.get(times.size() - 1),
        slowest);
  }

  private List<Breakdown> breakdowns(
      List<DigestQueries.Cell> now, List<DigestQueries.Cell> then, Function<DigestQueries.Cell, String> key) {
    Map<String, List<DigestQueries.Cell>> a = now.stream().collect(Collectors.groupingBy(key, TreeMap::new, Collectors.toList()));
    Map<String, List<DigestQueries.Cell>> b = then.stream().collect(Collectors.groupingBy(key, TreeMap::new, Collectors.toList()));
    TreeMap<String, Boolean> names = new TreeMap<>();
    a.keySet().forEach(k -> names.put(k, true));
    b.keySet().forEach(k -> names.put(k, true));
    return names.keySet().stream()
        .map(k -> breakdown(k, a.getOrDefault(k, List.of()), b.getOrDefault(k, List.of())))
        .sorted(Comparator.comparingLong((Breakdown x) -> -x.messages()).thenComparing(Breakdown::name))
        .toList();
  }

  Breakdown breakdown(String name, List<DigestQueries.Cell> now, List<DigestQueries.Cell> then) {
    long[] n = counts(now);
    long[] p = counts(then);
    double negShare = share(n[0], n), posShare = share(n[2], n);
    double prevNeg = share(p[0], p), prevPos = share(p[2], p);
    return new Breakdown(
        name, n[3], p[3], change(n[3], p[3]), n[0], n[1], n[2], negShare, posShare, prevNeg, prevPos,
        round(negShare - prevNeg), round(posShare - prevPos), shares(n, scoreSums(now), p, scoreSums(then)));
  }

  /**
   * The corrected shares with their intervals; the period before gets its point estimates only.
   * The estimator reads each tag's count and summed score (ADR 0043).
   */
  private Digest.Shares shares(long[] now, double[] nowScores, long[] then, double[] thenScores) {
    ShareEstimator.Shares current = shares.estimate(answers(now, nowScores));
    double[] before = then[0] + then[1] + then[2] == 0 ? null : shares.point(answers(then, thenScores));
    Estimate[] e = new Estimate[3];
    for (int i = 0; i < 3; i++) {
      String label = ShareEstimator.LABELS.get(i);
      ShareEstimator.Share s = current.get(label);
      e[i] = new Estimate(round(s.estimate()), round(s.low()), round(s.high()),
          before == null ? null : round(before[i]));
    }
    return new Digest.Shares(shares.adjusts(), e[0], e[1], e[2]);
  }

  private ShareEstimator.Answers answers(long[] counts, double[] scoreSums) {
    return ShareEstimator.Answers.grouped(new long[] {counts[0], counts[1], counts[2]}, scoreSums, shares.calibration());
  }

  /** Summed sentiment scores of the negative, neutral and positive messages. */
  private static double[] scoreSums(List<DigestQueries.Cell> cells) {
    double[] s = new double[3];
    for (DigestQueries.Cell cell : cells) {
      int i = ShareEstimator.LABELS.indexOf(cell.sentiment() == null ? "" : cell.sentiment());
      if (i >= 0) {
        s[i] += cell.scoreSum();
      }
    }
    return s;
  }

  /** negative, neutral, positive, all (including untagged). */
  private static long[] counts(List<DigestQueries.Cell> cells) {
    long[] c = new long[4];
    for (DigestQueries.Cell cell : cells) {
      String s = cell.sentiment() == null ? "" : cell.sentiment();
      switch (s) {
        case "negative" -> c[0] += cell.messages();
        case "neutral" -> c[1] += cell.messages();
        case "positive" -> c[2] += cell.messages();
        default -> { }
      }
      c[3] += cell.messages();
    }
    return c;
  }

  private static double share(long part, long[] c) {
    long tagged = c[0] + c[1] + c[2];
    return tagged == 0 ? 0 : round((double) part / tagged);
  }

  static Double change(long now, long before) {
    return before == 0 ? null : round((double) (now - before) / before);
  }

  private static double round(double d) {
    return Math.round(d * 10_000) / 10_000.0;
  }
}
