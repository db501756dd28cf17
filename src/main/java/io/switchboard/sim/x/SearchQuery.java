package io.switchboard.sim.x;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The part of X's search query language that the simulator understands: keywords, "exact
 * phrases", #hashtags, {@code @user}, {@code from:user} and {@code is:retweet}, each negatable with
 * {@code -}, joined by {@code OR} inside one pair of parentheses or by spaces (AND). Matching is
 * case-insensitive on whole words, as X's is. Anything else is refused, so a query the simulator
 * does not understand fails a test instead of matching by accident.
 */
final class SearchQuery {
  private static final Pattern TOKEN = Pattern.compile("-?\"[^\"]*\"|[()]|[^\\s()]+");

  private record Term(boolean negated, String kind, String value) {}

  private final List<List<Term>> all; // every group must match; a group matches when any term does

  private SearchQuery(List<List<Term>> all) {
    this.all = all;
  }

  static SearchQuery parse(String query) {
    List<List<Term>> groups = new ArrayList<>();
    List<Term> open = null;
    Matcher m = TOKEN.matcher(query);
    while (m.find()) {
      String t = m.group();
      switch (t) {
        case "(" -> {
          if (open != null) {
            throw new IllegalArgumentException("nested parentheses are not supported here");
          }
          open = new ArrayList<>();
        }
        case ")" -> {
          if (open == null || open.isEmpty()) {
            throw new IllegalArgumentException("unbalanced or empty parentheses");
          }
          groups.add(open);
          open = null;
        }
        case "OR" -> {
          if (open == null) {
            throw new IllegalArgumentException("OR outside parentheses is not supported here");
          }
        }
        default -> {
          Term term = term(t);
          if (open != null) {
            open.add(term);
          } else {
            groups.add(List.of(term));
          }
        }
      }
    }
    if (open != null) {
      throw new IllegalArgumentException("unbalanced parentheses");
    }
    if (groups.stream().allMatch(g -> g.stream().allMatch(Term::negated))) {
      throw new IllegalArgumentException("a query needs at least one term that is not negated");
    }
    return new SearchQuery(groups);
  }

  private static Term term(String t) {
    boolean negated = t.startsWith("-");
    String v = negated ? t.substring(1) : t;
    if (v.startsWith("\"")) {
      return new Term(negated, "phrase", v.substring(1, v.length() - 1).toLowerCase(Locale.ROOT));
    }
    if (v.startsWith("from:")) {
      return new Term(negated, "from", v.substring(5).toLowerCase(Locale.ROOT));
    }
    if (v.equals("is:retweet")) {
      return new Term(negated, "retweet", "");
    }
    if (v.contains(":")) {
      throw new IllegalArgumentException("operator " + v + " is not supported here");
    }
    return new Term(negated, "word", v.toLowerCase(Locale.ROOT));
  }

  boolean matches(String text, String authorUsername) {
    for (List<Term> group : all) {
      if (group.stream().noneMatch(t -> t.negated() != holds(t, text, authorUsername))) {
        return false;
      }
    }
    return true;
  }

  private static boolean holds(Term t, String text, String author) {
    return switch (t.kind()) {
      case "from" -> author.equalsIgnoreCase(t.value());
      case "retweet" -> text.startsWith("RT @"); // the simulator has no reposts of its own
      default ->
          Pattern.compile("(?iu)(?<![\\p{L}\\p{N}_#@$])" + Pattern.quote(t.value()) + "(?![\\p{L}\\p{N}_])")
              .matcher(text)
              .find();
    };
  }
}
