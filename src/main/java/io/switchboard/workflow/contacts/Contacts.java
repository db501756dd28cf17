package io.switchboard.workflow.contacts;

import io.switchboard.api.ApiFeature;
import io.switchboard.store.ContactStore;
import java.time.Clock;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One customer across channels, wired: the HTTP API and the bean of the {@code contacts} route,
 * which merges contacts whose identity is proven (the same verified email address on two
 * channels) and nothing else; every other match waits for an agent (ADR 0040).
 */
public final class Contacts {
  private static final Logger LOG = LoggerFactory.getLogger(Contacts.class);
  /** Who proven merges are audited as. */
  public static final String ACTOR = "switchboard";

  private final ContactStore store;
  private final ContactsApi api;

  private Contacts(ContactStore store, io.switchboard.store.search.Search search) {
    this.store = store;
    this.api =
        new ContactsApi(
            store,
            new ContactMatcher(
                store, q -> search.find(q, CANDIDATE_CONVERSATIONS).stream().map(h -> h.conversationId()).toList()));
  }

  /** How many conversations the search may name as holding a phone number, order or handle. */
  private static final int CANDIDATE_CONVERSATIONS = 200;

  public static Contacts create(Jdbi jdbi, Clock clock, io.switchboard.store.search.Search search) {
    return new Contacts(new ContactStore(jdbi, clock), search);
  }

  public ApiFeature api() {
    return api;
  }

  /** The {@code contacts} route's step: merges the proven matches; returns how many. */
  public int mergeProven() {
    int n = store.mergeProven(ACTOR).size();
    if (n > 0) {
      LOG.info("merged {} contact(s) with the same verified email address", n);
    }
    return n;
  }
}
