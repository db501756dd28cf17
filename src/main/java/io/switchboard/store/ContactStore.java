package io.switchboard.store;

import static io.switchboard.store.Sql.instant;
import static io.switchboard.store.Sql.ts;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * One customer across channels (ADR 0040). A contact row keeps the identities it was created with
 * ({@code contact_handle}); a merge points the absorbed contact, and whatever was merged into it,
 * at the surviving one ({@code contact.merged_into}) and records what each pointed at before, so
 * undo restores exactly that. The person a contact belongs to is its {@code merged_into}, or
 * itself. Merges, undos and splits are audited and written to the activity of the person's
 * conversations in the transaction that makes them.
 */
public final class ContactStore {
  /** The person of contact {@code c} in SQL. */
  public static final String PERSON = "COALESCE(ct.merged_into, ct.id)";

  private final Jdbi jdbi;
  private final Clock clock;

  /**
   * The same customer's latest private conversation on the same channel account, if any: where a
   * channel lets us write privately about a public post (the customer opened it).
   */
  public static Optional<Long> privateConversationOf(Jdbi jdbi, long publicConversationId) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT p.id FROM conversation c JOIN conversation p ON p.contact_id = c.contact_id"
                        + " AND p.channel = c.channel AND p.account = c.account AND p.is_public = FALSE"
                        + " WHERE c.id = :c ORDER BY p.last_message_at DESC, p.id DESC")
                .bind("c", publicConversationId)
                .setMaxRows(1)
                .mapTo(Long.class)
                .findFirst());
  }

  public ContactStore(Jdbi jdbi, Clock clock) {
    this.jdbi = jdbi;
    this.clock = clock;
  }

  /** An identity: a channel's id for the customer, and the contact row it came with. */
  public record Identity(String channel, String handle, long contactId, boolean verified, boolean privateConversation) {}

  /** A conversation of the person, as the conversation page lists it. */
  public record ConversationRow(
      long id, long contactId, String channel, String subject, String status, boolean isPublic, String sentiment,
      Double sentimentScore, int messageCount, Instant lastMessageAt) {}

  /** A merge that can be undone. */
  public record Merge(long id, long survivorId, long absorbedId, String absorbedName, String reason, String mergedBy, Instant mergedAt) {}

  /** A person: the surviving contact, every contact row merged into it, their identities and conversations. */
  public record Person(
      long id, String displayName, String language, Instant createdAt, List<Long> contactIds, List<String> names,
      List<Identity> identities, List<ConversationRow> conversations, List<Merge> merges) {}

  /** A message of the customer, for matching. */
  public record Said(long conversationId, String channel, String text) {}

  /** Refused: the request cannot be carried out as asked; nothing was changed. */
  public static final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;

    Refused(int status, String message) {
      super(message, null, false, false);
      this.status = status;
    }

    /** 400 for bad input, 404 for an unknown contact, 409 for a conflict with the current state. */
    public int status() {
      return status;
    }
  }

  /** The person contact {@code contactId} belongs to, or empty when there is no such contact. */
  public Optional<Long> personOf(long contactId) {
    return jdbi.withHandle(h -> personOf(h, contactId));
  }

  private static Optional<Long> personOf(Handle h, long contactId) {
    return h.createQuery("SELECT " + PERSON + " FROM contact ct WHERE ct.id = :id")
        .bind("id", contactId)
        .mapTo(Long.class)
        .findOne();
  }

  /** The person of {@code contactId} with identities, conversations (newest first) and undoable merges. */
  public Optional<Person> person(long contactId) {
    return jdbi.withHandle(h -> personOf(h, contactId).map(p -> read(h, p)));
  }

  private static Person read(Handle h, long person) {
    List<Long> members = members(h, person);
    List<String> names =
        h.createQuery("SELECT display_name FROM contact WHERE (id = :p OR merged_into = :p) AND display_name IS NOT NULL ORDER BY id")
            .bind("p", person)
            .mapTo(String.class)
            .list();
    List<Identity> identities =
        h.createQuery(
                "SELECT ch.channel, ch.handle, ch.contact_id, ch.verified,"
                    + " (SELECT COUNT(*) FROM conversation v WHERE v.contact_id = ch.contact_id AND v.channel = ch.channel"
                    + " AND v.is_public = FALSE)"
                    + " FROM contact_handle ch JOIN contact ct ON ct.id = ch.contact_id"
                    + " WHERE ct.id = :p OR ct.merged_into = :p ORDER BY ch.contact_id, ch.channel, ch.handle")
            .bind("p", person)
            .map((rs, ctx) -> new Identity(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getBoolean(4), rs.getInt(5) > 0))
            .list();
    List<ConversationRow> conversations =
        h.createQuery(
                "SELECT c.id, c.contact_id, c.channel, c.subject, c.status, c.is_public, c.sentiment, c.sentiment_score,"
                    + " c.message_count, c.last_message_at FROM conversation c JOIN contact ct ON ct.id = c.contact_id"
                    + " WHERE ct.id = :p OR ct.merged_into = :p ORDER BY c.last_message_at DESC, c.id DESC")
            .bind("p", person)
            .setMaxRows(200)
            .map(
                (rs, ctx) -> {
                  double s = rs.getDouble(8);
                  Double score = rs.wasNull() ? null : s;
                  return new ConversationRow(
                      rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getBoolean(6),
                      rs.getString(7), score, rs.getInt(9), instant(rs.getTimestamp(10)));
                })
            .list();
    List<Merge> merges =
        h.createQuery(
                "SELECT m.id, m.survivor_id, m.absorbed_id, a.display_name, m.reason, m.merged_by, m.merged_at"
                    + " FROM contact_merge m JOIN contact a ON a.id = m.absorbed_id"
                    + " WHERE m.survivor_id = :p AND m.undone_at IS NULL ORDER BY m.id DESC")
            .bind("p", person)
            .map(
                (rs, ctx) ->
                    new Merge(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getString(4), rs.getString(5), rs.getString(6),
                        instant(rs.getTimestamp(7))))
            .list();
    return h.createQuery("SELECT display_name, language, created_at FROM contact WHERE id = :p")
        .bind("p", person)
        .map(
            (rs, ctx) ->
                new Person(person, rs.getString(1), rs.getString(2), instant(rs.getTimestamp(3)), members, names, identities,
                    conversations, merges))
        .one();
  }

  private static List<Long> members(Handle h, long person) {
    return h.createQuery("SELECT id FROM contact WHERE id = :p OR merged_into = :p ORDER BY id")
        .bind("p", person)
        .mapTo(Long.class)
        .list();
  }

  /**
   * Merges the person of {@code other} into the person of {@code contactId}: every contact row of
   * the other person points at the survivor afterwards. Refused (400) for a contact and itself or
   * two contacts that are one person already, 404 for an unknown contact.
   *
   * @return the merge, to undo it
   */
  public Merge merge(long contactId, long other, String actor, String reason) {
    if (contactId == other) {
      throw new Refused(400, "cannot merge contact " + contactId + " with itself");
    }
    Instant now = clock.instant();
    return jdbi.inTransaction(
        h -> {
          long survivor = personOf(h, contactId).orElseThrow(() -> new Refused(404, "no contact " + contactId));
          long absorbed = personOf(h, other).orElseThrow(() -> new Refused(404, "no contact " + other));
          if (survivor == absorbed) {
            throw new Refused(400, "contacts " + contactId + " and " + other + " are one customer already (contact " + survivor + ")");
          }
          long mergeId =
              h.createUpdate(
                      "INSERT INTO contact_merge (survivor_id, absorbed_id, reason, merged_by, merged_at)"
                          + " VALUES (:s, :a, :r, :by, :now)")
                  .bind("s", survivor)
                  .bind("a", absorbed)
                  .bind("r", Sql.truncate(reason, 500))
                  .bind("by", actor)
                  .bind("now", ts(now))
                  .executeAndReturnGeneratedKeys("id")
                  .mapTo(Long.class)
                  .one();
          h.createUpdate(
                  "INSERT INTO contact_merge_member (merge_id, contact_id, previous_merged_into)"
                      + " SELECT :m, id, merged_into FROM contact WHERE id = :a OR merged_into = :a")
              .bind("m", mergeId)
              .bind("a", absorbed)
              .execute();
          h.createUpdate("UPDATE contact SET merged_into = :s WHERE id = :a OR merged_into = :a")
              .bind("s", survivor)
              .bind("a", absorbed)
              .execute();
          String names = name(h, survivor) + " and " + name(h, absorbed);
          String detail = "merged contact " + absorbed + " into " + survivor + " (" + names + ")"
              + (reason == null || reason.isBlank() ? "" : ": " + reason);
          AuditLog.record(h, clock, actor, "contact.merge", "contact", survivor, detail + " [merge " + mergeId + "]");
          activity(h, survivor, actor, "contact-merged", detail, now);
          return new Merge(mergeId, survivor, absorbed, name(h, absorbed), reason, actor, now);
        });
  }

  /**
   * Undoes a merge of the person of {@code contactId}: every contact row it re-pointed points where
   * it did before. Refused (409) when a later merge moved those rows again (undo that one first)
   * or when it was undone already.
   */
  public Merge undo(long contactId, long mergeId, String actor) {
    Instant now = clock.instant();
    return jdbi.inTransaction(
        h -> {
          long person = personOf(h, contactId).orElseThrow(() -> new Refused(404, "no contact " + contactId));
          Optional<Merge> found =
              h.createQuery(
                      "SELECT m.id, m.survivor_id, m.absorbed_id, a.display_name, m.reason, m.merged_by, m.merged_at, m.undone_at"
                          + " FROM contact_merge m JOIN contact a ON a.id = m.absorbed_id WHERE m.id = :m")
                  .bind("m", mergeId)
                  .map(
                      (rs, ctx) -> {
                        if (rs.getTimestamp(8) != null) {
                          throw new Refused(409, "merge " + mergeId + " was undone already");
                        }
                        return new Merge(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getString(4), rs.getString(5),
                            rs.getString(6), instant(rs.getTimestamp(7)));
                      })
                  .findOne();
          Merge m = found.orElseThrow(() -> new Refused(404, "no merge " + mergeId));
          if (m.survivorId() != person) {
            throw new Refused(409, "merge " + mergeId + " is not one of contact " + contactId + "'s merges");
          }
          int moved =
              h.createQuery(
                      "SELECT COUNT(*) FROM contact_merge_member mm JOIN contact ct ON ct.id = mm.contact_id"
                          + " WHERE mm.merge_id = :m AND (ct.merged_into IS NULL OR ct.merged_into <> :s)")
                  .bind("m", mergeId)
                  .bind("s", m.survivorId())
                  .mapTo(Integer.class)
                  .one();
          if (moved > 0) {
            throw new Refused(409, "contacts of merge " + mergeId + " were changed by a later merge or split: undo that first");
          }
          h.createUpdate(
                  "UPDATE contact SET merged_into = (SELECT mm.previous_merged_into FROM contact_merge_member mm"
                      + " WHERE mm.merge_id = :m AND mm.contact_id = contact.id)"
                      + " WHERE id IN (SELECT contact_id FROM contact_merge_member WHERE merge_id = :m)")
              .bind("m", mergeId)
              .execute();
          h.createUpdate("UPDATE contact_merge SET undone_by = :by, undone_at = :now WHERE id = :m")
              .bind("by", actor)
              .bind("now", ts(now))
              .bind("m", mergeId)
              .execute();
          String detail = "undid merge " + mergeId + ": contact " + m.absorbedId() + " (" + name(h, m.absorbedId())
              + ") is separate from " + m.survivorId() + " again";
          AuditLog.record(h, clock, actor, "contact.merge.undo", "contact", m.survivorId(), detail);
          activity(h, m.survivorId(), actor, "contact-unmerged", detail, now);
          activity(h, m.absorbedId(), actor, "contact-unmerged", detail, now);
          return m;
        });
  }

  /**
   * Splits one identity off the person of {@code contactId} into a customer of its own, with the
   * conversations that came through it. Refused (400) when the person has no other identity, 404
   * when the identity is not the person's.
   *
   * @return the contact that now holds the identity
   */
  public long split(long contactId, String channel, String handle, String actor) {
    Instant now = clock.instant();
    return jdbi.inTransaction(
        h -> {
          long person = personOf(h, contactId).orElseThrow(() -> new Refused(404, "no contact " + contactId));
          List<Identity> ids = read(h, person).identities();
          Identity identity =
              ids.stream()
                  .filter(i -> i.channel().equals(channel) && i.handle().equals(handle))
                  .findFirst()
                  .orElseThrow(() -> new Refused(404, "contact " + contactId + " has no identity " + channel + " " + handle));
          if (ids.size() < 2) {
            throw new Refused(400, "contact " + contactId + " has one identity only: nothing to split");
          }
          long row = identity.contactId();
          long sameRow = ids.stream().filter(i -> i.contactId() == row).count();
          long target;
          long rest = person;
          if (sameRow == 1) {
            // the identity's own contact row leaves the person; if it was the person, the oldest
            // other row becomes the person of the rest
            target = row;
            if (row == person) {
              long heir = members(h, person).stream().filter(id -> id != row).findFirst().orElseThrow();
              rest = heir;
              h.createUpdate("UPDATE contact SET merged_into = :heir WHERE merged_into = :p AND id <> :heir")
                  .bind("heir", heir)
                  .bind("p", person)
                  .execute();
              h.createUpdate("UPDATE contact SET merged_into = NULL WHERE id = :heir").bind("heir", heir).execute();
            } else {
              h.createUpdate("UPDATE contact SET merged_into = NULL WHERE id = :r").bind("r", row).execute();
            }
          } else {
            // a row with several identities: a new contact gets the identity and the conversations
            // whose customer wrote from it
            target =
                h.createUpdate("INSERT INTO contact (display_name, language, created_at)"
                        + " SELECT display_name, language, :now FROM contact WHERE id = :r")
                    .bind("now", ts(now))
                    .bind("r", row)
                    .executeAndReturnGeneratedKeys("id")
                    .mapTo(Long.class)
                    .one();
            h.createUpdate("UPDATE contact_handle SET contact_id = :t WHERE channel = :ch AND handle = :h")
                .bind("t", target)
                .bind("ch", channel)
                .bind("h", handle)
                .execute();
            h.createUpdate(
                    "UPDATE conversation SET contact_id = :t WHERE contact_id = :r AND channel = :ch AND EXISTS"
                        + " (SELECT 1 FROM message m WHERE m.conversation_id = conversation.id AND m.direction = 'in'"
                        + " AND m.author = :h)")
                .bind("t", target)
                .bind("r", row)
                .bind("ch", channel)
                .bind("h", handle)
                .execute();
          }
          h.createUpdate(
                  "INSERT INTO contact_split (channel, handle, from_contact_id, to_contact_id, split_by, split_at)"
                      + " VALUES (:ch, :h, :f, :t, :by, :now)")
              .bind("ch", channel)
              .bind("h", handle)
              .bind("f", person)
              .bind("t", target)
              .bind("by", actor)
              .bind("now", ts(now))
              .execute();
          String detail = "split " + channel + " identity " + handle + " off contact " + person + " into contact " + target;
          AuditLog.record(h, clock, actor, "contact.split", "contact", person, detail);
          activity(h, target, actor, "identity-split", detail, now);
          if (rest != target) {
            activity(h, rest, actor, "identity-split", detail, now);
          }
          return target;
        });
  }

  /**
   * Merges without an agent where an identity is proven: a verified email address that two
   * customers both hold on different channels. Returns the merges made.
   */
  public List<Merge> mergeProven(String actor) {
    List<long[]> pairs =
        jdbi.withHandle(
            h ->
                h.createQuery(
                        "SELECT DISTINCT a.contact_id, b.contact_id FROM contact_handle a JOIN contact_handle b"
                            + " ON LOWER(a.handle) = LOWER(b.handle) AND a.channel <> b.channel AND a.contact_id < b.contact_id"
                            // an address (name@domain), not an Instagram "@username"
                            + " WHERE a.verified = TRUE AND b.verified = TRUE AND a.handle LIKE '_%@_%'")
                    .map((rs, ctx) -> new long[] {rs.getLong(1), rs.getLong(2)})
                    .list());
    List<Merge> out = new ArrayList<>();
    for (long[] p : pairs) {
      Optional<Long> a = personOf(p[0]);
      Optional<Long> b = personOf(p[1]);
      if (a.isPresent() && b.isPresent() && !a.get().equals(b.get())) {
        out.add(merge(a.get(), b.get(), actor, "same verified email address"));
      }
    }
    return out;
  }

  /** The latest customer messages of the person, newest first. */
  public List<Said> said(long person, int limit) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT m.conversation_id, c.channel, COALESCE(m.text, m.display_text) FROM message m"
                        + " JOIN conversation c ON c.id = m.conversation_id JOIN contact ct ON ct.id = c.contact_id"
                        + " WHERE (ct.id = :p OR ct.merged_into = :p) AND m.direction = 'in'"
                        + " ORDER BY m.sent_at DESC, m.id DESC")
                .bind("p", person)
                .setMaxRows(limit)
                .map((rs, ctx) -> new Said(rs.getLong(1), rs.getString(2), rs.getString(3)))
                .list());
  }

  /** The person holding an identity, if any. */
  public Optional<Long> personWithIdentity(String channel, String handle) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT " + PERSON + " FROM contact_handle ch JOIN contact ct ON ct.id = ch.contact_id"
                        + " WHERE ch.channel = :ch AND LOWER(ch.handle) = :h")
                .bind("ch", channel)
                .bind("h", handle.toLowerCase(java.util.Locale.ROOT))
                .mapTo(Long.class)
                .findFirst());
  }

  /** Persons whose display name carries this X username, as {@code "Name (@username)"}. */
  public List<Long> personsWithXUsername(String username) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT DISTINCT " + PERSON + " FROM contact ct JOIN contact_handle ch ON ch.contact_id = ct.id"
                        + " AND ch.channel = 'x' WHERE LOWER(ct.display_name) LIKE :n")
                .bind("n", "%(@" + username.toLowerCase(java.util.Locale.ROOT) + ")%")
                .mapTo(Long.class)
                .list());
  }

  /**
   * Customer messages of other persons in these conversations (the search index's answer for a
   * phone number, order number or handle): candidates a matcher confirms by reading their text.
   */
  public List<OtherSaid> othersSaying(java.util.Collection<Long> conversationIds, long notPerson, int limit) {
    if (conversationIds.isEmpty()) {
      return List.of();
    }
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT m.conversation_id, c.channel, COALESCE(m.text, m.display_text), " + PERSON
                        + " FROM conversation c"
                        + " JOIN contact ct ON ct.id = c.contact_id JOIN message m ON m.conversation_id = c.id"
                        + " WHERE c.id IN (<ids>) AND m.direction = 'in' AND " + PERSON + " <> :p"
                        + " ORDER BY m.sent_at DESC, m.id DESC")
                .bindList("ids", List.copyOf(conversationIds))
                .bind("p", notPerson)
                .setMaxRows(limit)
                .map((rs, ctx) -> new OtherSaid(rs.getLong(4), new Said(rs.getLong(1), rs.getString(2), rs.getString(3))))
                .list());
  }

  /** A customer message of another person. */
  public record OtherSaid(long person, Said said) {}

  /** The display name of a person's own row. */
  public String name(long contactId) {
    return jdbi.withHandle(h -> name(h, contactId));
  }

  private static String name(Handle h, long contactId) {
    return h.createQuery("SELECT display_name FROM contact WHERE id = :id")
        .bind("id", contactId)
        .mapTo(String.class)
        .findOne()
        .orElse("contact " + contactId);
  }

  /** One activity row on each conversation of the person, so the merge shows in each conversation's log. */
  private static void activity(Handle h, long person, String actor, String kind, String detail, Instant now) {
    h.createUpdate(
            "INSERT INTO conversation_activity (conversation_id, actor, kind, detail, created_at)"
                + " SELECT c.id, :a, :k, :d, :now FROM conversation c JOIN contact ct ON ct.id = c.contact_id"
                + " WHERE ct.id = :p OR ct.merged_into = :p")
        .bind("a", actor)
        .bind("k", kind)
        .bind("d", Sql.truncate(detail, 500))
        .bind("now", ts(now))
        .bind("p", person)
        .execute();
  }
}
