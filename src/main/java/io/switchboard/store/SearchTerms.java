package io.switchboard.store;

import io.switchboard.util.TextFold;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.SqlStatement;

/**
 * Full-text search over a term index kept in the database itself (ADR 0020): {@code
 * conversation_term} holds the words of a conversation's subject, its messages (customer's, agents'
 * and internal notes) and its customer's name and handle, once per conversation. Terms are written
 * in the transaction that writes the message or contact, so a search sees exactly what is
 * committed, on HSQLDB and PostgreSQL alike and with several instances.
 *
 * <p>A term is a run of letters and digits, folded by {@link TextFold} (lower case, accents off, ß
 * as ss: "Rémboursement" → "remboursement"), at least {@value #MIN_LENGTH} and at most {@value #MAX_LENGTH} characters
 * (longer runs are cut: their prefix stays findable). A search splits its input the same way; every
 * word must match (AND), as the prefix of a term of the conversation or of its customer.
 */
public final class SearchTerms {
  static final int MIN_LENGTH = 2;
  static final int MAX_LENGTH = 40;
  /** Distinct terms taken from one message: bounds the cost of a huge message. */
  static final int MAX_PER_MESSAGE = 400;
  /** Characters of a text read for terms. */
  static final int MAX_CHARS = 50_000;
  /** Words of a search that count; more are ignored. */
  static final int MAX_QUERY_WORDS = 8;

  /**
   * Words too common to be worth a row each (every row costs ingest about as much as a statement):
   * short function words of the languages the tagger knows best. A search ignores them too.
   */
  static final Set<String> STOP_WORDS =
      Set.of(
          // English
          "an", "and", "are", "as", "at", "be", "but", "by", "for", "from", "has", "have", "if", "in",
          "is", "it", "its", "me", "my", "of", "on", "our", "so", "that", "the", "this", "to",
          "was", "we", "with", "you", "your",
          // German
          "der", "die", "das", "und", "ist", "ich", "ein", "eine", "mit", "zu", "den", "von", "sie",
          "es", "auf", "fur", "im", "dem", "des",
          // French
          "le", "la", "les", "de", "du", "et", "un", "une", "je", "est", "en", "ma", "mon", "que",
          "qui", "pour", "vous",
          // Spanish, Italian
          "el", "los", "las", "por", "con", "mi", "se", "il", "lo", "gli", "che", "di", "per", "ho");

  private static final String INSERT_NEW =
      "INSERT INTO conversation_term (term, conversation_id) VALUES (:t, :id)";
  /** Inserts when absent: portable (no MERGE / ON CONFLICT), and one statement for a batch. */
  private static final String INSERT_ABSENT =
      "INSERT INTO conversation_term (term, conversation_id)"
          + " SELECT CAST(:t AS VARCHAR(40)), CAST(:id AS BIGINT) FROM (VALUES (0)) AS one_row(x)"
          + " WHERE NOT EXISTS (SELECT 1 FROM conversation_term e WHERE e.term = :t AND e.conversation_id = :id)";
  /** A contact's terms into every one of its conversations. */
  private static final String CONTACT_ABSENT =
      "INSERT INTO conversation_term (term, conversation_id)"
          + " SELECT CAST(:t AS VARCHAR(40)), c.id FROM conversation c WHERE c.contact_id = :id"
          + " AND NOT EXISTS (SELECT 1 FROM conversation_term e WHERE e.term = :t AND e.conversation_id = c.id)";

  private SearchTerms() {}

  /**
   * The distinct terms of {@code texts} in order of first appearance, at most {@value
   * #MAX_PER_MESSAGE}. Null texts are skipped.
   */
  public static List<String> terms(String... texts) {
    Set<String> out = new LinkedHashSet<>();
    for (String text : texts) {
      if (text != null) {
        split(text, out, MAX_PER_MESSAGE);
      }
    }
    return new ArrayList<>(out);
  }

  private static void split(String text, Set<String> out, int max) {
    String s = TextFold.fold(text.length() > MAX_CHARS ? text.substring(0, MAX_CHARS) : text);
    StringBuilder word = new StringBuilder(MAX_LENGTH);
    int i = 0;
    while (i <= s.length() && out.size() < max) {
      if (i < s.length() && s.charAt(i) == '>' && (i == 0 || s.charAt(i - 1) == '\n')) {
        // a quoted line of an email reply: its words came with the message it quotes
        int end = s.indexOf('\n', i);
        i = end < 0 ? s.length() : end;
        continue;
      }
      int cp = i < s.length() ? s.codePointAt(i) : ' ';
      if (Character.isLetterOrDigit(cp)) {
        if (word.length() < MAX_LENGTH) {
          word.appendCodePoint(cp);
        }
      } else {
        if (word.length() >= MIN_LENGTH && !STOP_WORDS.contains(word.toString())) {
          out.add(word.toString());
        }
        word.setLength(0);
      }
      i += Character.charCount(cp);
    }
  }

  /** The words of a search: its terms, at most {@value #MAX_QUERY_WORDS}. */
  public static List<String> words(String q) {
    Set<String> out = new LinkedHashSet<>();
    split(q, out, MAX_QUERY_WORDS);
    return new ArrayList<>(out);
  }

  /**
   * Indexes a message's text (and, for a new conversation, its subject and its customer's name and
   * handle) for the conversation. Call
   * it in the transaction that stores the message, after the statement that updates the
   * conversation's row: that row lock orders two writers of one conversation, so the check for
   * terms already there sees the other's committed terms.
   *
   * @param fresh true when the conversation was created in this transaction: nothing to check
   */
  public static void indexConversation(Handle h, long conversationId, boolean fresh, String... texts) {
    insert(h, fresh ? INSERT_NEW : INSERT_ABSENT, conversationId, terms(texts));
  }

  /**
   * Adds a name or handle to every conversation of a contact: call it where a contact is renamed,
   * gets a new handle, or has another merged into it (with both names and all handles, after the
   * conversations moved). Old terms stay: a customer stays findable by a former name. A contact's
   * new conversation gets the name and handle it was written under from {@link
   * #indexConversation}.
   */
  public static void indexContact(Handle h, long contactId, String... texts) {
    insert(h, CONTACT_ABSENT, contactId, terms(texts));
  }

  private static void insert(Handle h, String sql, long id, List<String> terms) {
    if (terms.isEmpty()) {
      return; // HSQLDB refuses an empty batch
    }
    PreparedBatch batch = h.prepareBatch(sql);
    for (String t : terms) {
      batch.bind("t", t).bind("id", id).add();
    }
    batch.execute();
  }

  /**
   * The condition (starting with " AND") that keeps conversations {@code c} matching search {@code
   * q}: every word starts a term of the conversation. Input without a word of {@value #MIN_LENGTH}
   * letters or digits matches nothing. Bind with {@link #bind}.
   *
   * <p>One {@code IN} whose subquery intersects the words' sets, so the planner starts from the
   * term index and looks conversations up by id. A word is a range on the primary key ({@code term
   * >= w AND term < w'}, w' being w with its last character incremented), which both databases
   * answer from the index whatever the column's collation (PostgreSQL uses an index for {@code
   * LIKE 'w%'} only under the C collation); the {@code LIKE} beside it keeps the result exact.
   * Words hold only letters and digits, so the user can type no wildcard and nothing needs escaping.
   */
  public static String condition(String q) {
    List<String> words = words(q);
    if (words.isEmpty()) {
      return " AND 1 = 0";
    }
    StringBuilder b = new StringBuilder(" AND c.id IN (");
    for (int i = 0; i < words.size(); i++) {
      b.append(i == 0 ? "" : " INTERSECT ")
          .append("SELECT conversation_id FROM conversation_term WHERE term >= :sq")
          .append(i)
          .append("lo AND term < :sq")
          .append(i)
          .append("hi AND term LIKE :sq")
          .append(i)
          .append("like");
    }
    return b.append(")").toString();
  }

  /** Binds what {@link #condition} of the same {@code q} refers to. */
  public static <S extends SqlStatement<S>> S bind(S statement, String q) {
    List<String> words = words(q);
    for (int i = 0; i < words.size(); i++) {
      String w = words.get(i);
      statement.bind("sq" + i + "lo", w).bind("sq" + i + "hi", upper(w)).bind("sq" + i + "like", w + "%");
    }
    return statement;
  }

  /** The least string greater than every string starting with {@code w}. */
  static String upper(String w) {
    char last = w.charAt(w.length() - 1);
    return w.substring(0, w.length() - 1) + (char) (last + 1);
  }
}
