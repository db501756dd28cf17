package io.switchboard.store.search;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * Reads conversations' documents from the store's committed rows, in the reader's transaction.
 * Quoted lines of an email reply ("> ...") are left out: their words came with the message they
 * quote. A message contributes at most {@value #MAX_CHARS} characters.
 */
final class SearchDocs {
  static final int MAX_CHARS = 50_000;
  /** Conversations read per statement. */
  static final int CHUNK = 500;

  private SearchDocs() {}

  static List<SearchDoc> read(Handle h, Collection<Long> ids) {
    List<SearchDoc> out = new ArrayList<>(ids.size());
    List<Long> all = new ArrayList<>(ids);
    for (int i = 0; i < all.size(); i += CHUNK) {
      out.addAll(chunk(h, all.subList(i, Math.min(all.size(), i + CHUNK))));
    }
    return out;
  }

  private record Head(long id, String language, String subject, List<String> names, List<SearchDoc.Text> texts, long[] last) {}

  private static List<SearchDoc> chunk(Handle h, List<Long> ids) {
    Map<Long, Head> heads = new LinkedHashMap<>();
    h.createQuery(
            "SELECT c.id, c.language, c.subject, ct.display_name FROM conversation c"
                + " JOIN contact ct ON ct.id = c.contact_id WHERE c.id IN (<ids>)")
        .bindList("ids", ids)
        .map((rs, ctx) -> new Head(rs.getLong(1), rs.getString(2), rs.getString(3),
            new ArrayList<>(List.of(nz(rs.getString(4)))), new ArrayList<>(), new long[1]))
        .forEach(head -> heads.put(head.id(), head));
    h.createQuery(
            "SELECT c.id, ch.handle FROM conversation c JOIN contact_handle ch ON ch.contact_id = c.contact_id"
                + " WHERE c.id IN (<ids>)")
        .bindList("ids", ids)
        .map((rs, ctx) -> Map.entry(rs.getLong(1), nz(rs.getString(2))))
        .forEach(e -> heads.get(e.getKey()).names().add(e.getValue()));
    record Row(long conversationId, long id, SearchDoc.Text text) {}
    h.createQuery("SELECT conversation_id, id, language, text FROM message WHERE conversation_id IN (<ids>) ORDER BY id")
        .bindList("ids", ids)
        .map((rs, ctx) -> new Row(rs.getLong(1), rs.getLong(2), new SearchDoc.Text(rs.getString(3), unquoted(rs.getString(4)))))
        .forEach(r -> {
          Head head = heads.get(r.conversationId());
          head.texts().add(r.text());
          head.last()[0] = r.id(); // in id order: the newest comes last
        });
    return heads.values().stream()
        .map(x -> new SearchDoc(x.id(), x.language(), nz(x.subject()), x.names(), x.texts(), x.last()[0]))
        .toList();
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }

  /** The text without quoted lines, at most {@value #MAX_CHARS} characters. */
  static String unquoted(String text) {
    if (text == null) {
      return "";
    }
    String s = text.length() > MAX_CHARS ? text.substring(0, MAX_CHARS) : text;
    if (s.indexOf('>') < 0) {
      return s;
    }
    StringBuilder out = new StringBuilder(s.length());
    for (String line : s.split("\n", -1)) {
      if (!line.startsWith(">")) {
        out.append(line).append('\n');
      }
    }
    return out.toString();
  }
}
