package io.switchboard.workflow.sla;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.switchboard.channel.email.EmailAccount;
import io.switchboard.config.ChannelAccount;
import io.switchboard.config.ConfigException;
import io.switchboard.config.Settings;
import io.switchboard.config.YamlBinding;
import io.switchboard.config.YamlBinding.Key;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code config/workflow/sla.yaml}: business-hours calendars, SLA policies, the warning share,
 * escalation and follow-ups. Without the file in the configuration folder the packaged copy
 * applies. Jackson binds the file to the records at the end ({@link YamlBinding}: unknown keys,
 * duplicate keys and wrong types are errors with the key path); {@link #parse} checks what the
 * values mean, naming the key of every problem.
 *
 * @param tick how often the {@code sla} route looks for warnings, breaches, snoozes and check-backs
 * @param warnShare share of a target after which a warning is written; 0 = no warnings
 */
public record SlaSettings(
    Duration tick,
    double warnShare,
    Policies policies,
    Escalation escalation,
    CheckBack checkBack) {

  public static final String FILE = "workflow/sla.yaml";

  /**
   * What a breach does.
   *
   * @param lead user name the conversation is reassigned to (empty: keep the assignee)
   * @param recipients addresses told by email (empty: no email)
   * @param smtp the email account whose SMTP server sends the notice, when {@code recipients} is set
   */
  public record Escalation(
      Optional<String> lead, List<String> recipients, boolean raiseUrgency, Optional<EmailAccount> smtp, String inboxUrl) {}

  /**
   * The optional message some time after resolution.
   *
   * @param author the name written as the message's author; its replies never count for an SLA
   * @param agentName the name the brand voice signs the message with
   */
  public record CheckBack(boolean enabled, Duration after, String template, String author, String agentName) {}

  private static final Pattern ENV = Pattern.compile("\\{\\{env:([A-Za-z0-9_]+)(?::([^}]*))?}}");
  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");
  private static final Map<String, List<DayOfWeek>> DAYS = days();

  public static SlaSettings load(Settings settings) {
    return load(settings, System::getenv);
  }

  /** Reads the file; {@code {{env:NAME:default}}} in a value is resolved through {@code env}. */
  public static SlaSettings load(Settings settings, UnaryOperator<String> env) {
    Path file = settings.configDir().resolve(FILE);
    if (Files.isRegularFile(file)) {
      try (InputStream in = Files.newInputStream(file)) {
        return parse(file.toString(), in, settings.accounts(), env);
      } catch (IOException e) {
        throw new ConfigException(file.toString(), "-", "cannot read: " + e.getMessage());
      }
    }
    try (InputStream in = SlaSettings.class.getClassLoader().getResourceAsStream("config/" + FILE)) {
      if (in == null) {
        throw new ConfigException("classpath:config/" + FILE, "-", "missing from the jar");
      }
      return parse("classpath:config/" + FILE, in, settings.accounts(), env);
    } catch (IOException e) {
      throw new ConfigException("classpath:config/" + FILE, "-", "cannot read: " + e.getMessage());
    }
  }

  static SlaSettings parse(String name, InputStream in, List<ChannelAccount> accounts, UnaryOperator<String> env) {
    SlaFile f = YamlBinding.read(name, in, SlaFile.class);
    Values v = new Values(env);
    Key r = Key.root(name);

    Map<String, BusinessCalendar> calendars = new LinkedHashMap<>();
    Key cals = r.at("calendars");
    if (f.calendars() == null || f.calendars().isEmpty()) {
      throw cals.error("at least one calendar is required");
    }
    for (Map.Entry<String, CalendarYaml> c : f.calendars().entrySet()) {
      calendars.put(c.getKey(), calendar(c.getKey(), cals.at(c.getKey()), c.getValue(), v));
    }
    String defaultCalendar = v.text(r.at("defaultCalendar"), f.defaultCalendar(), calendars.keySet().iterator().next());
    if (!calendars.containsKey(defaultCalendar)) {
      throw r.at("defaultCalendar").error("no calendar named " + defaultCalendar);
    }

    List<Policies.Rule> rules = new ArrayList<>();
    Key list = r.at("policies");
    if (f.policies() == null || f.policies().isEmpty()) {
      throw list.error("a list of at least one policy is required");
    }
    for (int i = 0; i < f.policies().size(); i++) {
      Key p = list.at(i);
      PolicyYaml py = mapping(p, f.policies().get(i));
      Map<Target, Duration> targets = new EnumMap<>(Target.class);
      putTarget(targets, Target.FIRST_RESPONSE, p.at("firstResponse"), py.firstResponse(), v);
      putTarget(targets, Target.NEXT_RESPONSE, p.at("nextResponse"), py.nextResponse(), v);
      putTarget(targets, Target.RESOLUTION, p.at("resolution"), py.resolution(), v);
      String calendar = v.text(p.at("calendar"), py.calendar(), null);
      if (calendar != null && !calendars.containsKey(calendar)) {
        throw p.at("calendar").error("no calendar named " + calendar);
      }
      Set<String> urgencies = words(py.urgency());
      for (String u : urgencies) {
        if (!Urgency.LEVELS.contains(u)) {
          throw p.at("urgency").error("'" + u + "' is not one of " + Urgency.LEVELS);
        }
      }
      Set<String> channels = words(py.channel());
      for (String c : channels) {
        if (!ChannelAccount.CHANNELS.contains(c)) {
          throw p.at("channel").error("'" + c + "' is not one of " + ChannelAccount.CHANNELS);
        }
      }
      rules.add(new Policies.Rule(v.text(p.at("name"), py.name(), "policy-" + (i + 1)), channels, urgencies, calendar, targets));
    }

    double warnShare = warnShare(r.at("warnAt"), f.warnAt(), v);
    Duration tick = f.tick() != null ? duration(r.at("tick"), v.text(r.at("tick"), f.tick(), ""), false) : Duration.ofSeconds(5);

    Key e = r.at("escalation");
    EscalationYaml ey = f.escalation() != null ? f.escalation() : new EscalationYaml(null, null, null, null, null);
    List<String> notify = List.copyOf(words(ey.recipients()));
    for (String to : notify) {
      if (!to.contains("@")) {
        throw e.at("notify").error("'" + to + "' is not an email address");
      }
    }
    Optional<EmailAccount> smtp = emailAccount(e.at("account"), v.text(e.at("account"), ey.account(), null), accounts);
    if (!notify.isEmpty() && smtp.isEmpty()) {
      throw e.at("notify").error("needs an email account to send from (channels/*.properties with channel = email)");
    }
    Escalation escalation =
        new Escalation(
            Optional.ofNullable(v.text(e.at("lead"), ey.lead(), null)),
            notify,
            ey.raiseUrgency() == null || ey.raiseUrgency(),
            smtp,
            v.text(e.at("inboxUrl"), ey.inboxUrl(), "").replaceAll("/+$", ""));

    Key c = r.at("followUps").at("checkBack");
    CheckBackYaml cy =
        f.followUps() != null && f.followUps().checkBack() != null
            ? f.followUps().checkBack()
            : new CheckBackYaml(null, null, null, null, null);
    CheckBack checkBack =
        new CheckBack(
            Boolean.TRUE.equals(cy.enabled()),
            cy.after() != null ? duration(c.at("after"), v.text(c.at("after"), cy.after(), ""), true) : Duration.ofDays(3),
            v.text(c.at("template"), cy.template(), "check-back"),
            v.text(c.at("author"), cy.author(), "auto:check-back"),
            v.text(c.at("agentName"), cy.agentName(), "Customer Care"));

    return new SlaSettings(tick, warnShare, new Policies(rules, calendars, defaultCalendar), escalation, checkBack);
  }

  private static BusinessCalendar calendar(String name, Key c, CalendarYaml cy, Values v) {
    mapping(c, cy);
    ZoneId zone;
    try {
      zone = ZoneId.of(v.text(c.at("zone"), cy.zone(), "UTC"));
    } catch (java.time.DateTimeException e) {
      throw c.at("zone").error("unknown time zone: " + e.getMessage());
    }
    Key hours = c.at("hours");
    if (cy.hours() == null) {
      throw hours.error("must map days (mon, tue, ... or mon-fri) to ranges like 09:00-17:00");
    }
    Map<DayOfWeek, List<BusinessCalendar.Range>> week = new EnumMap<>(DayOfWeek.class);
    for (Map.Entry<String, List<String>> day : cy.hours().entrySet()) {
      String key = day.getKey();
      List<DayOfWeek> days = DAYS.get(key.toLowerCase(Locale.ROOT).replace(" ", ""));
      if (days == null) {
        throw hours.at(key).error("not a day or a span of days like mon, sat or mon-fri");
      }
      List<BusinessCalendar.Range> ranges = new ArrayList<>();
      for (String text : words(day.getValue())) {
        if (text.equals("closed")) {
          continue;
        }
        try {
          ranges.add(BusinessCalendar.Range.parse(text));
        } catch (IllegalArgumentException e) {
          throw hours.at(key).error(e.getMessage());
        }
      }
      for (DayOfWeek d : days) {
        week.computeIfAbsent(d, k -> new ArrayList<>()).addAll(ranges);
      }
    }
    Set<LocalDate> holidays = new LinkedHashSet<>();
    for (String h : words(cy.holidays())) {
      try {
        holidays.add(LocalDate.parse(h));
      } catch (java.time.format.DateTimeParseException e) {
        throw c.at("holidays").error("'" + h + "' is not a date like 2026-12-25");
      }
    }
    try {
      return new BusinessCalendar(name, zone, week, holidays);
    } catch (IllegalArgumentException e) {
      throw hours.error(e.getMessage());
    }
  }

  private static void putTarget(Map<Target, Duration> targets, Target t, Key k, String value, Values v) {
    String text = v.text(k, value, "");
    if (!text.isEmpty() && !text.equals("none")) {
      targets.put(t, duration(k, text, false));
    }
  }

  private static double warnShare(Key k, String value, Values v) {
    if (value == null) {
      return 0.8;
    }
    String text = v.text(k, value, "");
    if (text.equals("off") || text.equals("false")) {
      return 0;
    }
    try {
      double share = text.endsWith("%") ? Double.parseDouble(text.substring(0, text.length() - 1).strip()) / 100 : Double.parseDouble(text);
      if (share > 0 && share < 1) {
        return share;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw k.error("must be a share of the target between 0 and 1, like 80% or 0.8, or off");
  }

  /** {@code 90m}, {@code 8h}, {@code 1h30m}; days only where calendar days are meant. */
  static Duration duration(Key k, String written, boolean daysAllowed) {
    String text = written.toLowerCase(Locale.ROOT).replace(" ", "");
    Matcher m = DURATION.matcher(text);
    Duration total = Duration.ZERO;
    int end = 0;
    while (m.find() && m.start() == end) {
      long v = Long.parseLong(m.group(1));
      total =
          total.plus(
              switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(v);
                case "s" -> Duration.ofSeconds(v);
                case "m" -> Duration.ofMinutes(v);
                case "h" -> Duration.ofHours(v);
                default -> {
                  if (!daysAllowed) {
                    throw k.error("business time is written in hours (e.g. 16h), not days");
                  }
                  yield Duration.ofDays(v);
                }
              });
      end = m.end();
    }
    if (text.isEmpty() || end != text.length() || total.isZero()) {
      throw k.error("must be a duration like 30m, 8h or 1h30m, not '" + written + "'");
    }
    return total;
  }

  private static Optional<EmailAccount> emailAccount(Key k, String id, List<ChannelAccount> accounts) {
    Optional<ChannelAccount> found =
        accounts.stream().filter(a -> a.channel().equals("email") && (id == null || a.id().equals(id))).findFirst();
    if (id != null && found.isEmpty()) {
      throw k.error("no email account " + id);
    }
    return found.map(EmailAccount::from);
  }

  /** A single value (commas between several) or a list of values, stripped; empty when absent. */
  private static Set<String> words(List<String> values) {
    Set<String> out = new LinkedHashSet<>();
    if (values != null) {
      for (String value : values) {
        for (String s : value == null ? new String[0] : value.split(",")) {
          if (!s.isBlank()) {
            out.add(s.strip());
          }
        }
      }
    }
    return out;
  }

  /** An entry written with nothing after its colon or dash. */
  private static <T> T mapping(Key k, T value) {
    if (value == null) {
      throw k.error("must be a mapping of keys to values");
    }
    return value;
  }

  /** Texts with {@code {{env:NAME:default}}} resolved. */
  private record Values(UnaryOperator<String> env) {
    /** The text, stripped, with placeholders resolved; {@code fallback} when absent or empty. */
    String text(Key k, String value, String fallback) {
      if (value == null) {
        return fallback;
      }
      Matcher m = ENV.matcher(value);
      StringBuilder out = new StringBuilder();
      while (m.find()) {
        String v = env.apply(m.group(1));
        if (v == null) {
          v = m.group(2);
        }
        if (v == null) {
          throw k.error("environment variable " + m.group(1) + " is not set and has no default");
        }
        m.appendReplacement(out, Matcher.quoteReplacement(v));
      }
      m.appendTail(out);
      String s = out.toString().strip();
      return s.isEmpty() ? fallback : s;
    }
  }

  private static Map<String, List<DayOfWeek>> days() {
    String[] names = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
    Map<String, List<DayOfWeek>> out = new LinkedHashMap<>();
    for (int a = 0; a < 7; a++) {
      out.put(names[a], List.of(DayOfWeek.of(a + 1)));
      for (int b = a + 1; b < 7; b++) {
        List<DayOfWeek> span = new ArrayList<>();
        for (int d = a; d <= b; d++) {
          span.add(DayOfWeek.of(d + 1));
        }
        out.put(names[a] + "-" + names[b], List.copyOf(span));
      }
    }
    return out;
  }

  // --- the file as written

  record SlaFile(
      String tick,
      String warnAt,
      Map<String, CalendarYaml> calendars,
      String defaultCalendar,
      List<PolicyYaml> policies,
      EscalationYaml escalation,
      FollowUpsYaml followUps) {}

  record CalendarYaml(String zone, Map<String, List<String>> hours, List<String> holidays) {}

  record PolicyYaml(
      String name,
      List<String> channel,
      List<String> urgency,
      String calendar,
      String firstResponse,
      String nextResponse,
      String resolution) {}

  /** {@code notify} is a method of every object, so the component has another name. */
  record EscalationYaml(
      String lead, @JsonProperty("notify") List<String> recipients, Boolean raiseUrgency, String account, String inboxUrl) {}

  record FollowUpsYaml(CheckBackYaml checkBack) {}

  record CheckBackYaml(Boolean enabled, String after, String template, String author, String agentName) {}
}
