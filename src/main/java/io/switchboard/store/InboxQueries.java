package io.switchboard.store;

import io.switchboard.store.search.Search;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.SqlStatements;

/** What the inbox API reads: conversation lists with filters, one conversation with its thread. */
public final class InboxQueries {
  private final Jdbi jdbi;

  private final int countCap;
  private final Search search;

  /** Lists without search ({@code q} is refused). */
  public InboxQueries(Jdbi jdbi) {
    this(jdbi, null, COUNT_CAP);
  }

  /** Lists that search with {@code search} (ADR 0037). */
  public InboxQueries(Jdbi jdbi, Search search) {
    this(jdbi, search, COUNT_CAP);
  }

  /** @param countCap lists count up to this many conversations (tests use a small one) */
  InboxQueries(Jdbi jdbi, Search search, int countCap) {
    this.jdbi = jdbi;
    this.search = search;
    this.countCap = countCap;
  }

  /** How a list is ordered. */
  public enum Sort {
    /** Latest message first. */
    RECENT,
    /** Most urgent first (urgent, high, normal, low, untagged), then latest. */
    URGENCY,
    /** Longest waiting for our answer first; conversations not waiting last. */
    WAITING
  }

  /**
   * Inbox filters; null means any. {@code channel}, {@code status}, {@code sentiment}, {@code
   * urgency} and {@code language} may list several values separated by commas. {@code q} searches
   * subjects, names, handles and message text. {@code assignee} is a user name; {@code unassigned}
   * keeps only conversations without one. {@code contactId} keeps one customer's conversations.
   * {@code kind} keeps messages written to us ({@code message}) or posts found by listening ({@code
   * mention}, ADR 0041).
   */
  public record Filter(
      String channel,
      String status,
      String q,
      String sentiment,
      String urgency,
      String language,
      String assignee,
      boolean unassigned,
      String tag,
      Long contactId,
      Sort sort,
      int limit,
      int offset,
      String kind) {
    public Filter {
      sort = sort == null ? Sort.RECENT : sort;
    }

    public Filter(
        String channel, String status, String q, String sentiment, String urgency, String language,
        String assignee, boolean unassigned, String tag, Long contactId, Sort sort, int limit, int offset) {
      this(channel, status, q, sentiment, urgency, language, assignee, unassigned, tag, contactId, sort, limit, offset, null);
    }

    public Filter(String channel, String status, String q, int limit, int offset) {
      this(channel, status, q, null, null, null, null, false, null, null, Sort.RECENT, limit, offset);
    }
  }

  public record ContactRef(long id, String name, String handle) {}

  public record ConversationRow(
      long id,
      String channel,
      String account,
      String subject,
      ContactRef contact,
      String status,
      boolean isPublic,
      String assignee,
      String sentiment,
      String urgency,
      String language,
      int messageCount,
      Instant lastMessageAt,
      List<String> tags,
      Instant waitingSince,
      List<String> urgencyReasons,
      String preview,
      String highlight,
      String kind,
      Long reach) {}

  public record Delivery(String status, String error) {}

  public record AttachmentRow(long id, String filename, String contentType, long size, String note) {}

  public record MessageRow(
      long id,
      String direction,
      String author,
      String text,
      String displayText,
      String html,
      Instant sentAt,
      String sentiment,
      Double sentimentScore,
      String urgency,
      List<String> urgencyReasons,
      String language,
      Delivery delivery,
      List<AttachmentRow> attachments) {}

  /**
   * A page of a list and how many items the list has: exactly, or, for a list longer than {@link
   * #COUNT_CAP}, that number with {@code totalExact} false ("10,000+"), as big helpdesks show it:
   * counting every one of hundreds of thousands of rows costs more than the page itself.
   */
  public record Page<T>(long total, boolean totalExact, List<T> items) {
    public Page(long total, List<T> items) {
      this(total, true, items);
    }
  }

  /** Lists count their conversations up to this many; beyond it the total says "at least". */
  public static final int COUNT_CAP = 10_000;

  private static final String FROM =
      " FROM conversation c JOIN contact ct ON ct.id = c.contact_id"
          + " LEFT JOIN contact_handle ch ON ch.contact_id = c.contact_id AND ch.channel = c.channel";

  private static final String COLUMNS =
      "SELECT c.id, c.channel, c.account, c.subject, ct.id, ct.display_name,"
          + " ch.handle, c.status, c.is_public, c.assignee, c.sentiment,"
          + " c.urgency, c.language, c.message_count, c.last_message_at, c.waiting_since, c.kind, c.reach";

  private static final String URGENCY_RANK =
      "CASE c.urgency WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 WHEN 'normal' THEN 2"
          + " WHEN 'low' THEN 3 ELSE 4 END";

  /** The values of {@code conversation.status} (its check constraint). */
  private static final List<String> STATUSES = List.of("open", "pending", "resolved", "closed");

  /** Urgencies in the order of {@link Sort#URGENCY}; any other value or none comes last. */
  private static final List<String> URGENCIES = List.of("urgent", "high", "normal", "low");

  /**
   * One page of a list and the number of conversations it has. Filters, sort and cut run on
   * {@code conversation} alone; the columns, contact and details are read for the page's ids only
   * (ADR 0019). Without search, assignee or contact filter, the page is read per status (and per
   * urgency when sorted by it) from an index in the list's order, so only the rows up to the page
   * are read, not every matching conversation.
   */
  public Page<ConversationRow> list(Filter f) {
    StringBuilder where = new StringBuilder(" WHERE 1 = 1");
    inList(where, "c.channel", "channel", f.channel());
    inList(where, "c.sentiment", "sentiment", f.sentiment());
    inList(where, "c.urgency", "urgency", f.urgency());
    inList(where, "c.language", "language", f.language());
    if (f.kind() != null) {
      where.append(" AND c.kind = :kind");
    }
    if (f.assignee() != null) {
      where.append(" AND c.assignee = :assignee");
    }
    if (f.unassigned()) {
      // not "assignee IS NULL": HSQLDB would read all unassigned conversations through
      // conversation_assignee instead of the status index in list order (ADR 0019)
      where.append(" AND CASE WHEN c.assignee IS NULL THEN 1 ELSE 0 END = 1");
    }
    if (f.contactId() != null) {
      // the whole person (ADR 0040): every contact merged into the same one, whichever was asked for
      where.append(
          " AND c.contact_id IN (SELECT m.id FROM contact m, contact q WHERE q.id = :contact"
              + " AND (m.id = COALESCE(q.merged_into, q.id) OR m.merged_into = COALESCE(q.merged_into, q.id)))");
    }
    // the lists count and page on conversation alone (search too: the customer's name and handle
    // are among the conversation's terms); the page's rows read the contact afterwards
    String from = " FROM conversation c";
    String tag =
        f.tag() == null
            ? ""
            : " AND EXISTS (SELECT 1 FROM conversation_tag t WHERE t.conversation_id = c.id AND t.tag = :tag)";
    List<String> statuses = f.status() == null ? null : values(f.status()).stream().distinct().toList();
    if (f.q() != null) {
      return searched(f, where + (statuses == null ? "" : " AND c.status IN (<status>)") + tag);
    }
    return jdbi.withHandle(
        h -> {
          boolean onHsqldb = isHsqldb(h);
          long counted = count(h, f, from, where.toString(), statuses, countCap, onHsqldb);
          boolean exact = counted <= countCap;
          List<Long> ids =
              f.tag() != null && exact && counted <= TAG_SIDE_MAX
                  // few conversations with the tag: read them from its index range and sort them
                  ? pageByTag(h, f, where.toString(), statuses, !onHsqldb)
                  : f.assignee() == null && f.contactId() == null
                          // the few listening posts: read through conversation_kind, not the status index
                          && !"mention".equals(f.kind())
                      ? pageByIndex(h, f, where.toString() + tag, statuses, exact ? counted : Long.MAX_VALUE)
                      : page(h, f, from, where + (statuses == null ? "" : " AND c.status IN (<status>)") + tag);
          return new Page<>(Math.min(counted, countCap), exact, withDetails(h, rows(h, ids)));
        });
  }

  /**
   * A list with a tag filter and at most this many conversations is read from the tag's rows and
   * sorted (one {@code conversation} probe per row); a longer one in list order from the status
   * index, checking the tag of each conversation, which reads the fewer rows when the tag is common
   * (ADR 0057).
   */
  static final int TAG_SIDE_MAX = 4_000;

  /** A tag's conversations: its rows carry their conversation's status (ADR 0057). */
  private static final String TAG_FROM = " FROM conversation_tag t JOIN conversation c ON c.id = t.conversation_id";

  /** Conversations a search finds at most; the list shows that many and says "at least". */
  public static final int SEARCH_MAX = 1_000;

  /**
   * A searched list: the index finds up to {@value #SEARCH_MAX} conversations, best first; the
   * filters keep those that match them, in the index's order (or the asked sort other than recent),
   * and the page's rows carry the search's words marked ({@code highlight}).
   */
  private Page<ConversationRow> searched(Filter f, String where) {
    if (search == null) {
      throw new IllegalStateException("these lists have no search index");
    }
    List<Long> ranked = search.find(f.q(), SEARCH_MAX).stream().map(hit -> hit.conversationId()).toList();
    if (ranked.isEmpty()) {
      return new Page<>(0, List.of());
    }
    String hits = " AND c.id IN (" + String.join(",", ranked.stream().map(String::valueOf).toList()) + ")";
    List<Long> ids =
        jdbi.withHandle(
            h -> {
              if (f.sort() != Sort.RECENT) {
                return page(h, f, " FROM conversation c", where + hits);
              }
              Set<Long> kept = new java.util.HashSet<>(bind(h.createQuery("SELECT c.id FROM conversation c" + where + hits), f).mapTo(Long.class).list());
              return ranked.stream().filter(kept::contains).toList();
            });
    long total = ids.size();
    if (f.sort() != Sort.RECENT) {
      total = jdbi.withHandle(h -> bind(h.createQuery("SELECT COUNT(*) FROM conversation c" + where + hits), f).mapTo(Long.class).one());
    } else {
      ids = ids.subList(Math.min(f.offset(), ids.size()), Math.min(f.offset() + f.limit(), ids.size()));
    }
    List<Long> page = ids;
    Map<Long, String> marked = search.highlights(f.q(), page);
    List<ConversationRow> rows =
        jdbi.withHandle(h -> withDetails(h, rows(h, page))).stream()
            .map(r -> new ConversationRow(
                r.id(), r.channel(), r.account(), r.subject(), r.contact(), r.status(), r.isPublic(),
                r.assignee(), r.sentiment(), r.urgency(), r.language(), r.messageCount(),
                r.lastMessageAt(), r.tags(), r.waitingSince(), r.urgencyReasons(), r.preview(), marked.get(r.id()),
                r.kind(), r.reach()))
            .toList();
    return new Page<>(total, ranked.size() < SEARCH_MAX, rows);
  }

  /**
   * How many conversations match, counting at most {@code cap} + 1 (an answer above the cap
   * means "more"): per status value (an index range each; HSQLDB turns an IN list into a join that
   * costs more), and within it per urgency or language asked for, so a list filtered by them reads
   * its index range ({@code conversation_status_urgency}, {@code conversation_status_language}) and
   * not every conversation of the status (ADR 0051); with a tag filter from the tag's side, whose
   * rows carry the status (ADR 0057).
   */
  private static long count(
      Handle h, Filter f, String from, String where, List<String> statuses, int cap, boolean countRows) {
    boolean tagSide = f.tag() != null && f.q() == null;
    String rows =
        !tagSide
            ? "SELECT 1 AS one" + from + where
                + (f.tag() == null ? "" : " AND EXISTS (SELECT 1 FROM conversation_tag t"
                    + " WHERE t.conversation_id = c.id AND t.tag = :tag)")
            // the tag's rows carry the status: with no other filter, the count is their index range
            : "SELECT 1 AS one" + (where.equals(" WHERE 1 = 1") ? " FROM conversation_tag t" : TAG_FROM)
                + where + " AND t.tag = :tag";
    String statusColumn = tagSide ? "t.status" : "c.status";
    String narrower = null;
    List<String> narrowerValues = List.of();
    if (!tagSide && f.urgency() != null) {
      narrower = "c.urgency";
      narrowerValues = values(f.urgency()).stream().distinct().toList();
    } else if (!tagSide && f.language() != null) {
      narrower = "c.language";
      narrowerValues = values(f.language()).stream().distinct().toList();
    }
    if (statuses == null && narrower == null) {
      return capped(h, f, rows, null, null, cap + 1L, countRows);
    }
    if (narrower != null) {
      // the value asked for replaces the list of them: with both, PostgreSQL underestimates the rows
      String name = narrower.substring(2);
      rows = rows.replace(" AND " + narrower + " IN (<" + name + ">)", "") + " AND " + narrower + " = :nv";
    }
    long total = 0;
    // every conversation has one of STATUSES (the column's check constraint)
    for (String status : statuses == null ? STATUSES : statuses.isEmpty() ? List.of("") : statuses) {
      for (String value : narrower == null ? java.util.Collections.<String>singletonList(null) : narrowerValues) {
        total += capped(h, f, rows + " AND " + statusColumn + " = :s", status, value, cap + 1L - total, countRows);
        if (total > cap) {
          return total;
        }
      }
    }
    return total;
  }

  /**
   * The number of rows the query gives, reading at most {@code max} of them. On HSQLDB ({@code
   * countRows}) the rows are counted here, since it reads the whole range for {@code COUNT(*)}
   * over a subquery with {@code FETCH FIRST} (three times the cost for the 50,000 open
   * conversations); PostgreSQL stops at the limit and counts without sending the rows (ADR 0051).
   */
  private static long capped(
      Handle h, Filter f, String rows, String status, String narrower, long max, boolean countRows) {
    String sql = rows + " FETCH FIRST :cap ROWS ONLY";
    Query q = bind(h.createQuery(countRows ? sql : "SELECT COUNT(*) FROM (" + sql + ") x"), f).bind("cap", max);
    if (status != null) {
      q.bind("s", status);
    }
    if (narrower != null) {
      q.bind("nv", narrower);
    }
    return countRows ? q.reduceResultSet(0L, (n, rs, ctx) -> n + 1) : q.mapTo(Long.class).one();
  }

  private volatile Boolean hsqldb;

  /**
   * Whether the database is HSQLDB, asked once: it has counts read row by row rather than by
   * {@code COUNT(*)} ({@link #capped}), and a tag's join probed row by row ({@link #pageByTag}).
   */
  private boolean isHsqldb(Handle h) {
    Boolean v = hsqldb;
    if (v == null) {
      try {
        v = h.getConnection().getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT).contains("hsql");
      } catch (java.sql.SQLException e) {
        v = false;
      }
      hsqldb = v;
    }
    return v;
  }

  /** The page's ids in one query: the database sorts every matching conversation. */
  private static List<Long> page(Handle h, Filter f, String from, String where) {
    String order =
        switch (f.sort()) {
          case RECENT -> " ORDER BY c.last_message_at DESC, c.id DESC";
          case URGENCY -> " ORDER BY " + URGENCY_RANK + ", c.last_message_at DESC, c.id DESC";
          case WAITING -> " ORDER BY c.waiting_since ASC NULLS LAST, c.last_message_at DESC, c.id DESC";
        };
    return bind(h.createQuery("SELECT c.id" + from + where + order + " OFFSET :offset ROWS FETCH NEXT :limit ROWS ONLY"), f)
        .bind("offset", f.offset())
        .bind("limit", f.limit())
        .mapTo(Long.class)
        .list();
  }

  /** A run of the list in index order: one urgency (or none) within one status. */
  private record Key(long id, Instant last) {}

  private static final java.util.Comparator<Key> LATEST_FIRST =
      java.util.Comparator.comparing(Key::last).reversed().thenComparing(java.util.Comparator.comparingLong(Key::id).reversed());

  /**
   * The page's ids read in list order: the list is a sequence of classes (all of it, or one
   * urgency after another), each the merge of its statuses, and every status of a class is read
   * from an index whose order is the list's ({@code conversation_status_recent},
   * {@code conversation_status_urgency}), at most up to the end of the page. A class is read only
   * while the page is not full and conversations are left.
   */
  private static List<Long> pageByIndex(Handle h, Filter f, String where, List<String> statuses, long total) {
    int need = f.offset() + f.limit();
    List<String[]> classes = new ArrayList<>(); // condition, order, urgency to bind or null
    String recent = " ORDER BY c.status DESC, c.last_message_at DESC, c.id DESC";
    if (f.sort() == Sort.URGENCY) {
      List<String> wanted = f.urgency() == null ? null : values(f.urgency());
      for (String u : URGENCIES) {
        if (wanted == null || wanted.contains(u)) {
          classes.add(new String[] {" AND c.urgency = :u", " ORDER BY c.status DESC, c.urgency DESC, c.last_message_at DESC, c.id DESC", u});
        }
      }
      if (wanted == null) {
        classes.add(new String[] {" AND (c.urgency IS NULL OR c.urgency NOT IN ('urgent', 'high', 'normal', 'low'))", recent, null});
      } else if (!URGENCIES.containsAll(wanted)) {
        classes.add(new String[] {" AND c.urgency NOT IN ('urgent', 'high', 'normal', 'low')", recent, null});
      }
    } else if (f.sort() == Sort.WAITING) {
      // the waiting ones first (read apart, in waiting order), then those not waiting, latest first
      classes.add(new String[] {" AND CASE WHEN c.waiting_since IS NULL THEN 1 ELSE 0 END = 1", recent, null});
    } else {
      classes.add(new String[] {"", recent, null});
    }
    List<Key> read = new ArrayList<>(f.sort() == Sort.WAITING ? waitingFirst(h, f, where, statuses, need) : List.of());
    for (String[] c : classes) {
      if (read.size() >= need || read.size() >= total) {
        break; // page full, or every matching conversation read (earlier classes were read whole)
      }
      int want = need - read.size();
      List<Key> merged = new ArrayList<>();
      // one urgency of those asked for: it replaces their list (both make PostgreSQL misjudge the rows)
      String classWhere = c[2] == null ? where : where.replace(" AND c.urgency IN (<urgency>)", "");
      for (String status : statuses == null ? STATUSES : statuses) {
        Query q = bind(h.createQuery("SELECT c.id, c.last_message_at FROM conversation c" + classWhere
                + " AND c.status = :s" + c[0] + c[1] + " FETCH FIRST :n ROWS ONLY"), f)
            .bind("s", status)
            .bind("n", want);
        if (c[2] != null) {
          q.bind("u", c[2]);
        }
        q.map((rs, ctx) -> new Key(rs.getLong(1), Sql.instant(rs.getTimestamp(2)))).forEach(merged::add);
      }
      merged.sort(LATEST_FIRST);
      read.addAll(merged.subList(0, Math.min(want, merged.size())));
    }
    return read.subList(Math.min(f.offset(), read.size()), Math.min(need, read.size())).stream().map(Key::id).toList();
  }

  /**
   * The page's ids of a list with a tag filter and few conversations: per status, the index range
   * of the tag and status ({@code conversation_tag_tag_status}, ADR 0057; as {@code status IN (…)}
   * HSQLDB would read every row of the tag), each row joined to its conversation, then sorted here
   * in the list's order. PostgreSQL reads the tag's ids first and probes their conversations by key
   * ({@code byKeys}): asked as a join, it hashes them against a sequential scan of every
   * conversation (ADR 0072).
   */
  private static List<Long> pageByTag(Handle h, Filter f, String where, List<String> statuses, boolean byKeys) {
    record R(Key key, String urgency, Instant waiting) {}
    List<R> rows = new ArrayList<>();
    for (String status : statuses == null ? STATUSES : statuses.isEmpty() ? List.of("") : statuses) {
      Query q;
      if (byKeys) {
        List<Long> tagged = bind(h.createQuery("SELECT t.conversation_id FROM conversation_tag t WHERE t.tag = :tag AND t.status = :s"), f)
            .bind("s", status)
            .mapTo(Long.class)
            .list();
        if (tagged.isEmpty()) {
          continue;
        }
        q = bind(h.createQuery("SELECT c.id, c.last_message_at, c.urgency, c.waiting_since FROM conversation c" + where
                + " AND c.id = ANY(:ids)"), f)
            .bindArray("ids", Long.class, tagged);
      } else {
        q = bind(h.createQuery("SELECT c.id, c.last_message_at, c.urgency, c.waiting_since" + TAG_FROM + where
                + " AND t.tag = :tag AND t.status = :s"), f)
            .bind("s", status);
      }
      q.map((rs, ctx) -> new R(new Key(rs.getLong(1), Sql.instant(rs.getTimestamp(2))), rs.getString(3),
              Sql.instant(rs.getTimestamp(4))))
          .forEach(rows::add);
    }
    java.util.Comparator<R> recent = java.util.Comparator.comparing(R::key, LATEST_FIRST);
    java.util.Comparator<R> order =
        switch (f.sort()) {
          case RECENT -> recent;
          case URGENCY -> java.util.Comparator.<R>comparingInt(r -> {
                int rank = r.urgency() == null ? -1 : URGENCIES.indexOf(r.urgency());
                return rank < 0 ? URGENCIES.size() : rank;
              }).thenComparing(recent);
          case WAITING -> java.util.Comparator.comparing(R::waiting, java.util.Comparator.nullsLast(java.util.Comparator.<Instant>naturalOrder()))
              .thenComparing(recent);
        };
    rows.sort(order);
    int from = Math.min(f.offset(), rows.size());
    return rows.subList(from, Math.min(f.offset() + f.limit(), rows.size())).stream().map(r -> r.key().id()).toList();
  }

  /** The earliest a timestamp can be: every waiting time is after it. */
  private static final java.sql.Timestamp DAWN = java.sql.Timestamp.from(Instant.parse("0001-01-01T00:00:00Z"));

  /**
   * Up to {@code need} waiting conversations of the list, longest waiting first (ties latest
   * first), read from {@code conversation_waiting} (waiting_since, id) in its order (ADR 0051). The
   * statuses are a condition on each row, not an index range: as {@code status = …} HSQLDB would
   * read the status index and sort all of its conversations. Rows that share the last one's
   * waiting time are all read, so the tie order is the list's.
   */
  private static List<Key> waitingFirst(Handle h, Filter f, String where, List<String> statuses, int need) {
    String statusCond = statuses == null ? "" : " AND CASE WHEN c.status IN (<st>) THEN 1 ELSE 0 END = 1";
    String select = "SELECT c.id, c.last_message_at, c.waiting_since FROM conversation c" + where + statusCond;
    record W(Key key, java.sql.Timestamp since) {}
    java.util.function.Function<Query, List<W>> run = q -> {
      if (statuses != null) {
        q.bindList("st", statuses.isEmpty() ? List.of("") : statuses);
      }
      return q.map((rs, ctx) -> new W(new Key(rs.getLong(1), Sql.instant(rs.getTimestamp(2))), rs.getTimestamp(3))).list();
    };
    List<W> rows = new ArrayList<>(run.apply(bind(h.createQuery(select
            + " AND c.waiting_since > :dawn ORDER BY c.waiting_since, c.id FETCH FIRST :n ROWS ONLY"), f)
        .bind("dawn", DAWN).bind("n", need)));
    if (rows.size() == need) {
      java.sql.Timestamp last = rows.get(rows.size() - 1).since();
      Set<Long> seen = new java.util.HashSet<>();
      rows.forEach(w -> seen.add(w.key().id()));
      for (W w : run.apply(bind(h.createQuery(select + " AND c.waiting_since = :last"), f).bind("last", last))) {
        if (seen.add(w.key().id())) {
          rows.add(w);
        }
      }
    }
    rows.sort(java.util.Comparator.comparing(W::since).thenComparing(W::key, LATEST_FIRST));
    return rows.subList(0, Math.min(need, rows.size())).stream().map(W::key).toList();
  }

  /** The list columns of these conversations, in the order of {@code ids}. */
  private static List<ConversationRow> rows(Handle h, List<Long> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    Map<Long, ConversationRow> byId = new HashMap<>();
    h.createQuery(COLUMNS + FROM + " WHERE c.id IN (<ids>)")
        .bindList("ids", ids)
        .map((rs, ctx) -> row(rs))
        .forEach(r -> byId.put(r.id(), r));
    List<ConversationRow> out = new ArrayList<>(ids.size());
    for (long id : ids) {
      ConversationRow r = byId.get(id);
      if (r != null) {
        out.add(r);
      }
    }
    return out;
  }

  private static void inList(StringBuilder where, String column, String name, String values) {
    if (values != null) {
      where.append(" AND ").append(column).append(" IN (<").append(name).append(">)");
    }
  }

  private static List<String> values(String commaSeparated) {
    return Arrays.stream(commaSeparated.split(",")).map(String::strip).filter(v -> !v.isEmpty()).toList();
  }

  private static Query bind(Query q, Filter f) {
    // one binding for the several statements of a list, not all of which use every filter
    q.configure(SqlStatements.class, c -> c.setUnusedBindingAllowed(true));
    bindList(q, "channel", f.channel());
    bindList(q, "status", f.status());
    bindList(q, "sentiment", f.sentiment());
    bindList(q, "urgency", f.urgency());
    bindList(q, "language", f.language());
    if (f.assignee() != null) {
      q.bind("assignee", f.assignee());
    }
    if (f.tag() != null) {
      q.bind("tag", f.tag());
    }
    if (f.kind() != null) {
      q.bind("kind", f.kind());
    }
    if (f.contactId() != null) {
      q.bind("contact", f.contactId());
    }
    return q;
  }

  private static void bindList(Query q, String name, String commaSeparated) {
    if (commaSeparated != null) {
      List<String> v = values(commaSeparated);
      q.bindList(name, v.isEmpty() ? List.of("") : v);
    }
  }

  private static ConversationRow row(java.sql.ResultSet rs) throws java.sql.SQLException {
    return new ConversationRow(
        rs.getLong(1),
        rs.getString(2),
        rs.getString(3),
        rs.getString(4),
        new ContactRef(rs.getLong(5), rs.getString(6), rs.getString(7)),
        rs.getString(8),
        rs.getBoolean(9),
        rs.getString(10),
        rs.getString(11),
        rs.getString(12),
        rs.getString(13),
        rs.getInt(14),
        Sql.instant(rs.getTimestamp(15)),
        List.of(),
        Sql.instant(rs.getTimestamp(16)),
        List.of(),
        null,
        null,
        rs.getString(17),
        (Long) rs.getObject(18, Long.class));
  }

  /**
   * Adds tags, the urgency reasons of the latest tagged customer message and a preview of the
   * latest message (not notes): three queries for the whole page. The two messages of each
   * conversation are found in one pass over the page's messages, reading only their ids,
   * directions and whether they carry an urgency, and then read by key together (ADR 0075); before,
   * two grouped subqueries each read every message of the page.
   */
  private static List<ConversationRow> withDetails(Handle h, List<ConversationRow> rows) {
    if (rows.isEmpty()) {
      return rows;
    }
    List<Long> ids = rows.stream().map(ConversationRow::id).toList();
    Map<Long, List<String>> tags = new HashMap<>();
    h.createQuery("SELECT conversation_id, tag FROM conversation_tag WHERE conversation_id IN (<ids>) ORDER BY tag")
        .bindList("ids", ids)
        .map((rs, ctx) -> Map.entry(rs.getLong(1), rs.getString(2)))
        .forEach(e -> tags.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
    Map<Long, Long> latest = new HashMap<>(); // conversation -> its latest message that is not a note
    Map<Long, Long> latestTagged = new HashMap<>(); // -> its latest customer message with an urgency
    h.createQuery("SELECT x.conversation_id, x.id, x.direction, CASE WHEN x.urgency IS NULL THEN 0 ELSE 1 END"
            + " FROM message x WHERE x.conversation_id IN (<ids>)")
        .bindList("ids", ids)
        .reduceResultSet(null, (unused, rs, ctx) -> {
          long conversation = rs.getLong(1);
          long id = rs.getLong(2);
          String direction = rs.getString(3);
          if (!"note".equals(direction)) {
            latest.merge(conversation, id, Math::max);
          }
          if ("in".equals(direction) && rs.getInt(4) == 1) {
            latestTagged.merge(conversation, id, Math::max);
          }
          return null;
        });
    Map<Long, List<String>> reasons = new HashMap<>();
    Map<Long, String> previews = new HashMap<>();
    Set<Long> wanted = new HashSet<>(latest.values());
    wanted.addAll(latestTagged.values());
    if (!wanted.isEmpty()) {
      h.createQuery("SELECT m.id, m.conversation_id, m.urgency_reasons, m.display_text, m.text FROM message m WHERE m.id IN (<m>)")
          .bindList("m", List.copyOf(wanted))
          .reduceResultSet(null, (unused, rs, ctx) -> {
            long id = rs.getLong(1);
            long conversation = rs.getLong(2);
            if (Long.valueOf(id).equals(latestTagged.get(conversation))) {
              reasons.put(conversation, reasons(rs.getString(3)));
            }
            if (Long.valueOf(id).equals(latest.get(conversation))) {
              previews.put(conversation, preview(rs.getString(4) != null ? rs.getString(4) : rs.getString(5)));
            }
            return null;
          });
    }
    List<ConversationRow> out = new ArrayList<>(rows.size());
    for (ConversationRow r : rows) {
      out.add(
          new ConversationRow(
              r.id(), r.channel(), r.account(), r.subject(), r.contact(), r.status(), r.isPublic(),
              r.assignee(), r.sentiment(), r.urgency(), r.language(), r.messageCount(),
              r.lastMessageAt(), tags.getOrDefault(r.id(), List.of()), r.waitingSince(),
              reasons.getOrDefault(r.id(), List.of()), previews.get(r.id()), r.highlight(), r.kind(),
              r.reach()));
    }
    return out;
  }

  private static String preview(String text) {
    if (text == null) {
      return null;
    }
    String oneLine = text.replaceAll("\\s+", " ").strip();
    return oneLine.length() <= 160 ? oneLine : oneLine.substring(0, 159) + "…";
  }

  /** The conversation's sentiment: latest, worst and direction ({@link SentimentTrend}). */
  public Optional<SentimentTrend.Trend> sentimentTrend(long id) {
    return new SentimentTrend(jdbi).of(id);
  }

  public Optional<ConversationRow> conversation(long id) {
    return jdbi.withHandle(
        h ->
            h.createQuery(COLUMNS + FROM + " WHERE c.id = :id")
                .bind("id", id)
                .map((rs, ctx) -> row(rs))
                .findOne()
                .map(r -> withDetails(h, List.of(r)).get(0)));
  }

  public List<MessageRow> messages(long conversationId) {
    return jdbi.withHandle(
        h -> {
          List<MessageRow> rows =
              h.createQuery(
                      "SELECT id, direction, author, text, display_text, html, sent_at, sentiment,"
                          + " sentiment_score, urgency, urgency_reasons, language, delivery,"
                          + " delivery_error FROM message WHERE conversation_id = :c"
                          + " ORDER BY created_at, id")
                  .bind("c", conversationId)
                  .map(
                      (rs, ctx) ->
                          new MessageRow(
                              rs.getLong(1),
                              rs.getString(2),
                              rs.getString(3),
                              rs.getString(4),
                              rs.getString(5),
                              rs.getString(6),
                              Sql.instant(rs.getTimestamp(7)),
                              rs.getString(8),
                              (Double) rs.getObject(9),
                              rs.getString(10),
                              reasons(rs.getString(11)),
                              rs.getString(12),
                              rs.getString(13) == null
                                  ? null
                                  : new Delivery(rs.getString(13), rs.getString(14)),
                              List.of()))
                  .list();
          List<MessageRow> out = new ArrayList<>(rows.size());
          for (MessageRow m : rows) {
            List<AttachmentRow> att =
                h.createQuery(
                        "SELECT id, filename, content_type, size_bytes, note FROM attachment"
                            + " WHERE message_id = :m ORDER BY id")
                    .bind("m", m.id())
                    .map(
                        (rs, ctx) ->
                            new AttachmentRow(
                                rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getString(5)))
                    .list();
            out.add(
                new MessageRow(
                    m.id(), m.direction(), m.author(), m.text(), m.displayText(), m.html(), m.sentAt(),
                    m.sentiment(), m.sentimentScore(), m.urgency(), m.urgencyReasons(), m.language(),
                    m.delivery(), att));
          }
          return out;
        });
  }

  private static List<String> reasons(String s) {
    return s == null || s.isBlank() ? List.of() : Arrays.asList(s.split("; "));
  }
}
