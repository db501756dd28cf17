package io.switchboard.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.model.InboundMessage;
import io.switchboard.model.Tags;
import io.switchboard.store.InboxQueries.ConversationRow;
import io.switchboard.store.InboxQueries.Filter;
import io.switchboard.store.InboxQueries.Page;
import io.switchboard.store.InboxQueries.Sort;
import io.switchboard.support.Inbound;
import io.switchboard.support.MutableClock;
import io.switchboard.support.TestStore;
import io.switchboard.workflow.csat.CsatStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The inbox lists on a real database: the stored {@code waiting_since} follows customer messages,
 * replies and notes as its definition over the messages does, and every list (filters, sorts,
 * pages) returns what a plain reading of all conversations says it should, with the right total.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(TestStore.class)
@Tag("postgres")
class InboxQueriesTest {
  @Parameter TestStore store;
  private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");

  @TempDir Path dir;
  private Database db;
  private MutableClock clock;
  private MessageStore messages;
  private OutboxStore outbox;
  private ConversationActions actions;
  private InboxQueries inbox;
  private int seq;

  @BeforeEach
  void open() {
    db = store.open(dir);
    clock = new MutableClock(T0);
    messages = new MessageStore(db.jdbi(), clock);
    outbox = new OutboxStore(db.jdbi(), clock);
    actions = new ConversationActions(db.jdbi(), clock);
    inbox = new InboxQueries(db.jdbi(), db.search());
  }

  @AfterEach
  void close() {
    db.close();
  }

  private long in(Long conversation, String channel, String handle, Instant sentAt, Tags tags) {
    seq++;
    InboundMessage m =
        Inbound.message(channel, channel + "-main", "in-" + seq, null, handle, handle, "Subject " + seq, "message " + seq,
            sentAt);
    return messages.storeInbound(m, conversation, tags).conversationId();
  }

  private long in(Long conversation, Instant sentAt) {
    return in(conversation, "email", "ann@example.com", sentAt, Tags.NONE);
  }

  private void reply(long conversation) {
    outbox.queue(conversation, "email", "email-main", new OutboxStore.Reply("ada", "On it.", null, null), null);
  }

  /** The stored column, and what the messages say it should be. */
  private Instant[] waiting(long conversation) {
    return db.jdbi()
        .withHandle(
            h ->
                h.createQuery(
                        "SELECT c.waiting_since, " + WaitingSince.fromMessages("c.id")
                            + " FROM conversation c WHERE c.id = :c")
                    .bind("c", conversation)
                    .map((rs, ctx) -> new Instant[] {Sql.instant(rs.getTimestamp(1)), Sql.instant(rs.getTimestamp(2))})
                    .one());
  }

  private Instant storedWaiting(long conversation) {
    Instant[] w = waiting(conversation);
    assertThat(w[0]).as("stored waiting_since against its definition").isEqualTo(w[1]);
    return w[0];
  }

  @Test
  void waitingSinceShouldStartWithTheCustomerEndWithOurReplyAndIgnoreNotes() {
    Instant first = T0.minus(Duration.ofHours(5));
    long c = in(null, first);
    assertThat(storedWaiting(c)).isEqualTo(first);

    in(c, T0.minus(Duration.ofHours(4)));
    assertThat(storedWaiting(c)).as("still waiting since the first unanswered message").isEqualTo(first);

    actions.addNote(c, "ada", "checking the warehouse");
    assertThat(storedWaiting(c)).as("a note is no answer").isEqualTo(first);

    reply(c);
    assertThat(storedWaiting(c)).as("answered").isNull();

    clock.advance(Duration.ofMinutes(10));
    actions.addNote(c, "ada", "sent the label");
    assertThat(storedWaiting(c)).isNull();

    Instant again = T0.plus(Duration.ofHours(1));
    in(c, again);
    assertThat(storedWaiting(c)).isEqualTo(again);
    Instant delayed = T0.plus(Duration.ofMinutes(30)); // stored later, written earlier
    in(c, delayed);
    assertThat(storedWaiting(c)).as("the earliest unanswered message").isEqualTo(delayed);
    assertThat(inbox.conversation(c).orElseThrow().waitingSince()).isEqualTo(delayed);

    CsatStore surveys = new CsatStore(db.jdbi(), clock);
    surveys.schedule(c, clock.instant());
    assertThat(surveys.invite(new CsatStore.Due(c, "email", "email-main", false), "csat", "How did we do?", null))
        .isPresent();
    assertThat(storedWaiting(c)).as("a survey is our message too").isNull();
  }

  @Test
  void theMigrationShouldFillWaitingSinceFromTheMessages() {
    long answered = in(null, T0.minus(Duration.ofHours(3)));
    reply(answered);
    long open = in(null, T0.minus(Duration.ofHours(2)));
    in(open, T0.minus(Duration.ofHours(1)));
    db.jdbi()
        .useHandle(
            h -> {
              h.execute("UPDATE conversation SET waiting_since = NULL");
              // V49's backfill, as it runs on an existing database
              h.execute(
                  "UPDATE conversation SET waiting_since = " + WaitingSince.fromMessages("conversation.id"));
            });
    assertThat(storedWaiting(answered)).isNull();
    assertThat(storedWaiting(open)).isEqualTo(T0.minus(Duration.ofHours(2)));
  }

  /** One conversation as a plain reading sees it: the oracle for the lists. */
  private record Conv(
      long id, String channel, String status, String sentiment, String urgency, String language,
      String assignee, long contact, Instant last, Instant waiting, Set<String> tags) {}

  private List<Conv> all() {
    Map<Long, Set<String>> tags = new HashMap<>();
    db.jdbi()
        .useHandle(
            h ->
                h.createQuery("SELECT conversation_id, tag FROM conversation_tag")
                    .map((rs, ctx) -> Map.entry(rs.getLong(1), rs.getString(2)))
                    .forEach(e -> tags.computeIfAbsent(e.getKey(), k -> new HashSet<>()).add(e.getValue())));
    return db.jdbi()
        .withHandle(
            h ->
                h.createQuery(
                        "SELECT c.id, c.channel, c.status, c.sentiment, c.urgency, c.language, c.assignee,"
                            + " c.contact_id, c.last_message_at, " + WaitingSince.fromMessages("c.id")
                            + " FROM conversation c")
                    .map(
                        (rs, ctx) ->
                            new Conv(
                                rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                rs.getString(5), rs.getString(6), rs.getString(7), rs.getLong(8),
                                Sql.instant(rs.getTimestamp(9)), Sql.instant(rs.getTimestamp(10)),
                                tags.getOrDefault(rs.getLong(1), Set.of())))
                    .list());
  }

  private static boolean among(String csv, String value) {
    return csv == null || Arrays.stream(csv.split(",")).map(String::strip).anyMatch(v -> v.equals(value));
  }

  private static int urgencyRank(String u) {
    return u == null ? 4 : switch (u) {
      case "urgent" -> 0;
      case "high" -> 1;
      case "normal" -> 2;
      case "low" -> 3;
      default -> 4;
    };
  }

  private static List<Long> expected(List<Conv> all, Filter f) {
    Predicate<Conv> p =
        c ->
            among(f.channel(), c.channel())
                && among(f.status(), c.status())
                && among(f.sentiment(), c.sentiment())
                && among(f.urgency(), c.urgency())
                && among(f.language(), c.language())
                && (f.assignee() == null || f.assignee().equals(c.assignee()))
                && (!f.unassigned() || c.assignee() == null)
                && (f.tag() == null || c.tags().contains(f.tag()))
                && (f.contactId() == null || f.contactId() == c.contact());
    Comparator<Conv> recent =
        Comparator.comparing(Conv::last).reversed().thenComparing(Comparator.comparingLong(Conv::id).reversed());
    Comparator<Conv> order =
        switch (f.sort()) {
          case RECENT -> recent;
          case URGENCY -> Comparator.comparingInt((Conv c) -> urgencyRank(c.urgency())).thenComparing(recent);
          case WAITING ->
              Comparator.comparing(Conv::waiting, Comparator.nullsLast(Comparator.<Instant>naturalOrder()))
                  .thenComparing(recent);
        };
    return all.stream().filter(p).sorted(order).map(Conv::id).toList();
  }

  @Test
  void everyListShouldPageAndCountWhatItsFiltersAndSortSay() {
    Random rnd = new Random(7);
    String[] channels = {"email", "x"};
    String[] urgencies = {"urgent", "high", "normal", "low", null};
    String[] sentiments = {"negative", "neutral", "positive", null};
    String[] languages = {"en", "de", null};
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < 70; i++) {
      String channel = channels[rnd.nextInt(2)];
      String handle = "customer" + rnd.nextInt(25) + (channel.equals("email") ? "@example.com" : "");
      // whole hours, so several conversations share a last message time and the id decides
      Instant at = T0.minus(Duration.ofHours(rnd.nextInt(40)));
      String urgency = urgencies[rnd.nextInt(5)];
      Tags tags =
          new Tags(languages[rnd.nextInt(3)], sentiments[rnd.nextInt(4)], 0.5, urgency,
              urgency == null ? List.of() : List.of("reason " + i, "waiting"));
      long c = in(null, channel, handle, at, tags);
      ids.add(c);
      switch (rnd.nextInt(4)) {
        case 0 -> reply(c);
        case 1 -> in(c, channel, handle, at.plus(Duration.ofHours(rnd.nextInt(3))),
            // half of the second messages carry an urgency: the list shows the later one's reasons
            i % 2 == 0 ? Tags.NONE : new Tags(null, null, null, "low", List.of("later " + i)));
        case 2 -> actions.addNote(c, "ada", "note");
        default -> {}
      }
      if (rnd.nextInt(4) == 0) { // tagged before its status changes: the tag row follows (ADR 0057)
        actions.addTag(c, rnd.nextBoolean() ? "refund" : "billing", "ada");
      }
      if (rnd.nextInt(3) == 0) {
        actions.setStatus(c, rnd.nextBoolean() ? "pending" : "resolved", "ada");
      }
      if (rnd.nextInt(2) == 0) {
        actions.assign(c, rnd.nextBoolean() ? "ada" : "bo", "lead");
      }
      if (rnd.nextInt(3) == 0) {
        actions.addTag(c, rnd.nextBoolean() ? "refund" : "vip", "ada");
      }
      clock.advance(Duration.ofMinutes(rnd.nextInt(90)));
    }
    List<Conv> all = all();
    assertThat(all).hasSize(70);
    InboxQueries cappedAt9 = new InboxQueries(db.jdbi(), db.search(), 9);
    long contact = all.get(3).contact();
    List<Filter> filters = new ArrayList<>();
    for (Sort sort : Sort.values()) {
      filters.add(new Filter(null, null, null, null, null, null, null, false, null, null, sort, 50, 0));
      filters.add(new Filter(null, "open", null, null, null, null, null, false, null, null, sort, 50, 0));
      filters.add(new Filter(null, "open,pending", null, null, null, null, null, false, null, null, sort, 50, 0));
      filters.add(new Filter("email", "open", null, "negative,neutral", "urgent,high", null, null, false, null, null, sort, 50, 0));
      filters.add(new Filter(null, "open", null, null, null, null, "ada", false, null, null, sort, 50, 0));
      filters.add(new Filter(null, null, null, null, null, "de", null, true, null, null, sort, 50, 0));
      filters.add(new Filter(null, "open,pending,resolved", null, null, null, null, null, false, "refund", null, sort, 50, 0));
      filters.add(new Filter(null, "open", null, null, null, null, null, false, "refund", null, sort, 50, 0));
      filters.add(new Filter(null, null, null, null, null, null, null, false, "billing", null, sort, 50, 0));
      filters.add(new Filter("email", "resolved,pending", null, null, null, null, null, false, "refund", null, sort, 50, 0));
      filters.add(new Filter(null, null, null, null, null, null, null, false, null, contact, sort, 50, 0));
      filters.add(new Filter("x", "closed", null, null, null, null, null, false, null, null, sort, 50, 0));
      // counted per status and urgency, or per status and language (ADR 0051)
      filters.add(new Filter(null, "open,pending", null, null, "urgent,normal,none", "en", null, false, null, null, sort, 50, 0));
      filters.add(new Filter(null, "open,resolved", null, null, null, "de,en", null, false, null, null, sort, 50, 0));
      filters.add(new Filter(null, null, null, "negative", "high,low", null, null, false, null, null, sort, 50, 0));
    }
    for (Filter base : filters) {
      List<Long> want = expected(all, base);
      for (int[] page : new int[][] {{50, 0}, {7, 0}, {7, 7}, {7, 21}, {10, want.size() - 3}, {5, want.size() + 5}}) {
        int limit = page[0];
        int offset = Math.max(0, page[1]);
        Filter f =
            new Filter(base.channel(), base.status(), base.q(), base.sentiment(), base.urgency(), base.language(),
                base.assignee(), base.unassigned(), base.tag(), base.contactId(), base.sort(), limit, offset);
        Page<ConversationRow> got = inbox.list(f);
        assertThat(got.total()).as("total of " + f).isEqualTo(want.size());
        assertThat(got.totalExact()).isTrue();
        assertThat(got.items().stream().map(ConversationRow::id).toList())
            .as("page of " + f)
            .isEqualTo(want.subList(Math.min(offset, want.size()), Math.min(offset + limit, want.size())));
        // a list longer than the count cap says "at least the cap" and pages the same
        Page<ConversationRow> capped = cappedAt9.list(f);
        assertThat(capped.total()).as("capped total of " + f).isEqualTo(Math.min(want.size(), 9));
        assertThat(capped.totalExact()).as("exact? " + f).isEqualTo(want.size() <= 9);
        assertThat(capped.items()).extracting(ConversationRow::id).as("capped page of " + f)
            .isEqualTo(got.items().stream().map(ConversationRow::id).toList());
      }
    }
    // the rows carry the conversation's own columns, its contact and waiting time, the preview of
    // its latest message that is not a note and the reasons of its latest customer message with an
    // urgency (read here message by message)
    Map<Long, String> previews = new HashMap<>();
    Map<Long, List<String>> reasons = new HashMap<>();
    db.jdbi().useHandle(h -> h.createQuery("SELECT conversation_id, direction, urgency, urgency_reasons, text FROM message ORDER BY id")
        .map((rs, ctx) -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)})
        .forEach(m -> {
          long conversation = Long.parseLong(m[0]);
          if (!m[1].equals("note")) {
            previews.put(conversation, m[4]);
          }
          if (m[1].equals("in") && m[2] != null) {
            reasons.put(conversation, m[3] == null ? List.of() : List.of(m[3].split("; ")));
          }
        }));
    Map<Long, Conv> byId = new HashMap<>();
    all.forEach(c -> byId.put(c.id(), c));
    for (ConversationRow r : inbox.list(new Filter(null, null, null, null, null, null, null, false, null, null, Sort.WAITING, 100, 0)).items()) {
      Conv c = byId.get(r.id());
      assertThat(r.waitingSince()).isEqualTo(c.waiting());
      assertThat(r.status()).isEqualTo(c.status());
      assertThat(r.assignee()).isEqualTo(c.assignee());
      assertThat(r.contact().id()).isEqualTo(c.contact());
      assertThat(r.contact().handle()).startsWith("customer");
      assertThat(r.tags()).containsExactlyInAnyOrderElementsOf(c.tags());
      assertThat(r.lastMessageAt()).isEqualTo(c.last());
      assertThat(r.preview()).as("preview of " + r.id()).isEqualTo(previews.get(r.id()));
      assertThat(r.urgencyReasons()).as("urgency reasons of " + r.id()).isEqualTo(reasons.getOrDefault(r.id(), List.of()));
    }
    assertThat(reasons).as("the data has urgency reasons").isNotEmpty();
    assertThat(all.stream().filter(c -> c.waiting() != null).count()).as("the data has both kinds").isBetween(10L, 60L);
    assertThat(ids).doesNotHaveDuplicates();
  }

  private Map<String, String> tagStatuses(long conversation) {
    Map<String, String> out = new HashMap<>();
    db.jdbi().useHandle(h -> h.createQuery("SELECT tag, status FROM conversation_tag WHERE conversation_id = :c")
        .bind("c", conversation)
        .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getString(2)))
        .forEach(e -> out.put(e.getKey(), e.getValue())));
    return out;
  }

  private List<Long> tagList(String status) {
    return inbox.list(new Filter(null, status, null, null, null, null, null, false, "refund", null, Sort.RECENT, 50, 0))
        .items().stream().map(ConversationRow::id).toList();
  }

  @Test
  void tagRowsShouldFollowEveryStatusChangeInTheSameTransaction() {
    long c = in(null, T0.minus(Duration.ofHours(2)));
    long other = in(null, T0.minus(Duration.ofHours(1)));
    actions.addTag(c, "refund", "ada");
    actions.addTag(c, "vip", "ada");
    actions.addTag(other, "refund", "ada");
    assertThat(tagStatuses(c)).containsExactlyInAnyOrderEntriesOf(Map.of("refund", "open", "vip", "open"));

    actions.setStatus(c, "resolved", "ada");
    assertThat(tagStatuses(c)).as("an agent's change").containsExactlyInAnyOrderEntriesOf(Map.of("refund", "resolved", "vip", "resolved"));
    assertThat(tagStatuses(other)).as("another conversation's rows").containsEntry("refund", "open");
    assertThat(tagList("open")).containsExactly(other);
    assertThat(tagList("resolved")).containsExactly(c);

    in(c, T0);
    assertThat(tagStatuses(c)).as("a customer message reopens it").containsExactlyInAnyOrderEntriesOf(Map.of("refund", "open", "vip", "open"));
    assertThat(tagList("open")).containsExactly(c, other);

    actions.setStatus(c, "pending", "ada");
    actions.addTag(c, "billing", "ada");
    assertThat(tagStatuses(c)).as("a tag added later takes the status it finds").containsEntry("billing", "pending");

    // any statement that changes the status, in a transaction that fails: neither change stays
    db.jdbi().useHandle(h -> {
      h.begin();
      h.createUpdate("UPDATE conversation SET status = 'closed' WHERE id = :c").bind("c", c).execute();
      assertThat(h.createQuery("SELECT DISTINCT status FROM conversation_tag WHERE conversation_id = :c")
          .bind("c", c).mapTo(String.class).list())
          .as("in step inside the transaction").containsExactly("closed");
      h.rollback();
    });
    assertThat(tagStatuses(c)).as("rolled back with it")
        .containsExactlyInAnyOrderEntriesOf(Map.of("refund", "pending", "vip", "pending", "billing", "pending"));
    assertThat(tagList("pending,closed")).containsExactly(c);

    actions.removeTag(c, "refund", "ada");
    assertThat(tagList(null)).containsExactly(other);
  }

  @Test
  void searchShouldStillFindByNameAndText() {
    seq = 100; // numbers of three digits: search skips words shorter than two characters
    long c = in(null, "email", "olu.okafor@example.com", T0, Tags.NONE);
    in(null, "email", "ann@example.com", T0, Tags.NONE);
    Page<ConversationRow> byHandle =
        inbox.list(new Filter(null, null, "okafor", null, null, null, null, false, null, null, Sort.RECENT, 50, 0));
    assertThat(byHandle.total()).isEqualTo(1);
    assertThat(byHandle.items()).extracting(ConversationRow::id).containsExactly(c);
    long text = seq; // the second conversation's only message is "message <seq>"
    Page<ConversationRow> byText =
        inbox.list(new Filter(null, null, "message " + text, null, null, null, null, false, null, null, Sort.RECENT, 50, 0));
    assertThat(byText.items()).extracting(ConversationRow::id).doesNotContain(c).hasSize(1);
    assertThat(Objects.requireNonNull(byText.items().get(0).contact().handle())).isEqualTo("ann@example.com");
  }
}
