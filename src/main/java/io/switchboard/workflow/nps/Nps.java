package io.switchboard.workflow.nps;

import io.switchboard.api.ApiFeature;
import io.switchboard.channel.Outbound;
import io.switchboard.config.Settings;
import io.switchboard.workflow.csat.SigningKey;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;

/**
 * Net Promoter surveys wired from {@code config/nps.properties}: the listener and route bean that
 * send invitations, and the customers' scoring pages. Links are signed with the CSAT key (another
 * domain inside the signature) and point where CSAT's do ({@code csat.publicUrl}).
 */
public record Nps(NpsSettings settings, NpsInvitations invitations, NpsPages pages, NpsStore store, NpsLinks links) {

  public static Nps create(Settings settings, Jdbi jdbi, Outbound outbound, Supplier<String> localUrl, Clock clock) {
    NpsSettings s = NpsSettings.load(settings, System::getenv);
    io.switchboard.workflow.csat.CsatSettings csat = io.switchboard.workflow.csat.CsatSettings.load(settings, System::getenv);
    NpsStore store = new NpsStore(jdbi, clock);
    NpsLinks links = new NpsLinks(SigningKey.resolve(csat.signingKey(), jdbi, clock), clock);
    Supplier<String> base = csat.publicUrl().isEmpty() ? localUrl : csat::publicUrl;
    return new Nps(s, new NpsInvitations(s, store, links, outbound, base, clock), new NpsPages(store, links, s.question()), store, links);
  }

  public List<ApiFeature> apis() {
    return List.of(pages);
  }

  /** What the route file reads as {@code {{nps.*}}} placeholders. */
  public Map<String, String> routeProperties() {
    return Map.of(
        "nps.enabled", String.valueOf(settings.enabled()),
        "nps.sweepMs", String.valueOf(Math.max(100, settings.sweep().toMillis())));
  }
}
