package io.switchboard.digest;

import io.pebbletemplates.pebble.PebbleEngine;
import io.pebbletemplates.pebble.loader.ClasspathLoader;
import io.pebbletemplates.pebble.template.PebbleTemplate;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Renders a digest as an email: HTML and plain text from the Pebble templates in {@code digest/},
 * with the charts as images the HTML refers to by content id. Thread-safe.
 */
public final class DigestRenderer {
  /** A digest ready to send: the charts by content id, in the order the HTML shows them. */
  public record Rendered(String subject, String html, String text, Map<String, byte[]> images) {}

  private final PebbleTemplate html;
  private final PebbleTemplate text;
  private final DigestCharts charts;
  private final Format format;
  private final String subject;
  private final String dashboard;

  public DigestRenderer(DigestCharts charts, ZoneId zone, String subject, String inboxUrl) {
    ClasspathLoader loader = new ClasspathLoader();
    loader.setPrefix("digest");
    this.html = new PebbleEngine.Builder().loader(loader).autoEscaping(true).build().getTemplate("email.html.peb");
    this.text = new PebbleEngine.Builder().loader(loader).autoEscaping(false).newLineTrimming(false).build().getTemplate("email.txt.peb");
    this.charts = charts;
    this.format = new Format(zone, inboxUrl);
    this.subject = subject;
    this.dashboard = inboxUrl == null || inboxUrl.isBlank() ? "" : inboxUrl + "/digest.html";
  }

  public Rendered render(Digest d) {
    String fullSubject = subject + ": " + format.period(d.period());
    Map<String, byte[]> images = new LinkedHashMap<>();
    Map<String, String> cids = new HashMap<>();
    charts.all(d).forEach((name, png) -> {
      String cid = name + "@digest.switchboard";
      cids.put(name, cid);
      images.put(cid, png);
    });
    Map<String, Object> context = new HashMap<>();
    context.put("d", d);
    context.put("fmt", format);
    context.put("cids", cids);
    context.put("subject", fullSubject);
    context.put("dashboard", dashboard);
    return new Rendered(fullSubject, evaluate(html, context), evaluate(text, context), images);
  }

  private static String evaluate(PebbleTemplate template, Map<String, Object> context) {
    StringWriter out = new StringWriter();
    try {
      template.evaluate(out, context, Locale.ENGLISH);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /** Number, date and link formats the templates call ({@code fmt.percent(x)} and so on). */
  public static final class Format {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEE d MMM yyyy", Locale.ENGLISH);
    private final ZoneId zone;
    private final String inboxUrl;

    Format(ZoneId zone, String inboxUrl) {
      this.zone = zone;
      this.inboxUrl = inboxUrl == null ? "" : inboxUrl;
    }

    /** "Mon 4 May 2026 – Sun 10 May 2026": the last day shown is the one before the exclusive end. */
    public String period(Period p) {
      LocalDate first = LocalDate.ofInstant(p.from(), zone);
      LocalDate last = LocalDate.ofInstant(p.to().minusNanos(1), zone);
      return first.equals(last) ? DAY.format(first) : DAY.format(first) + " – " + DAY.format(last);
    }

    public String percent(Object share) {
      return share == null ? "–" : Math.round(((Number) share).doubleValue() * 100) + " %";
    }

    /** A corrected share with its 90 % interval: "61 % (90 % interval 58–64 %)". */
    public String estimate(Object estimate) {
      if (!(estimate instanceof Digest.Estimate e)) {
        return "–";
      }
      return percent(e.estimate()) + " (90 % interval " + range(e) + ")";
    }

    /** A corrected share's 90 % interval: "58–64 %". */
    public String range(Object estimate) {
      if (!(estimate instanceof Digest.Estimate e)) {
        return "–";
      }
      return Math.round(e.low() * 100) + "–" + Math.round(e.high() * 100) + " %";
    }

    /** A change in share as percentage points: "+3 pts". */
    public String points(Object trend) {
      if (trend == null) {
        return "–";
      }
      long pts = Math.round(((Number) trend).doubleValue() * 100);
      return (pts > 0 ? "+" : pts < 0 ? "−" : "±") + Math.abs(pts) + " pts";
    }

    /** A relative change: "+25 %", or "new" when there was nothing before. */
    public String change(Object change) {
      if (change == null) {
        return "new";
      }
      long pct = Math.round(((Number) change).doubleValue() * 100);
      return (pct > 0 ? "+" : pct < 0 ? "−" : "±") + Math.abs(pct) + " %";
    }

    public String duration(Object seconds) {
      if (seconds == null) {
        return "–";
      }
      Duration d = Duration.ofSeconds(((Number) seconds).longValue());
      if (d.toDays() > 0) {
        return d.toDays() + " d " + d.toHoursPart() + " h";
      }
      if (d.toHours() > 0) {
        return d.toHours() + " h " + d.toMinutesPart() + " min";
      }
      return d.toMinutes() > 0 ? d.toMinutes() + " min" : d.toSeconds() + " s";
    }

    /** The conversation in the web inbox. */
    public String link(Object conversationId) {
      return inboxUrl + "/#c" + conversationId;
    }
  }
}
