package io.switchboard.workflow.csat;

import io.switchboard.api.ApiFeature;
import io.switchboard.channel.Outbound;
import io.switchboard.config.Settings;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;

/**
 * The satisfaction-survey feature wired from {@code config/csat.properties}: the listener and
 * route bean that send invitations, and the public rating pages.
 *
 * @param invitations add to the workflow listeners; the {@code csat} route calls its sweep
 * @param pages register with the HTTP server
 */
public record Csat(CsatSettings settings, CsatInvitations invitations, CsatPages pages, CsatStore store, RatingLinks links) {

  /**
   * @param localUrl this server's own address, used for links when {@code csat.publicUrl} is empty
   */
  public static Csat create(Settings settings, Jdbi jdbi, Outbound outbound, Supplier<String> localUrl, Clock clock) {
    CsatSettings s = CsatSettings.load(settings, System::getenv);
    CsatStore store = new CsatStore(jdbi, clock);
    RatingLinks links = new RatingLinks(SigningKey.resolve(s.signingKey(), jdbi, clock), clock);
    Supplier<String> base = s.publicUrl().isEmpty() ? localUrl : s::publicUrl;
    return new Csat(s, new CsatInvitations(s, store, links, outbound, base, clock), new CsatPages(store, links), store, links);
  }

  /** The HTTP side, registered like every feature's: the customers' rating pages and the inbox's read endpoint. */
  public List<ApiFeature> apis() {
    return List.of(pages, new CsatApi(store));
  }

  /** What the route file reads as {@code {{csat.*}}} placeholders. */
  public Map<String, String> routeProperties() {
    return Map.of(
        "csat.enabled", String.valueOf(settings.enabled()),
        "csat.sweepMs", String.valueOf(Math.max(100, settings.sweep().toMillis())));
  }
}
