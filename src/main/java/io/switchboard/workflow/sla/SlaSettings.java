package io.switchboard.workflow.sla;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.switchboard.channel.email.EmailAccount;
import io.switchboard.config.ChannelAccount;
import io.switchboard.config.ConfigException;
import io.switchboard.config.Settings;
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
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.function.UnaryOperator;

/**
 * {@code config/workflow/sla.yaml}: business-hours calendars, SLA policies, the warning share,
 * escalation and follow-ups. Without the file in the configuration folder the packaged copy
 * applies. Every error names the file and the key.
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

  private static final ObjectMapper YAML =
      YAMLMapper.builder().enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY).build();
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
    JsonNode root;
    try {
      root = YAML.readTree(in);
    } catch (IOException e) {
      throw new ConfigException(name, "-", "not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
    }
    if (root == null || !root.isObject()) {
      throw new ConfigException(name, "-", "must be a mapping of keys to values");
    }
    Node r = new Node(name, "", root, env);
    r.only("tick", "warnAt", "calendars", "defaultCalendar", "policies", "escalation", "followUps");

    Map<String, BusinessCalendar> calendars = new LinkedHashMap<>();
    Node cals = r.get("calendars");
    if (!cals.node.isObject() || cals.node.isEmpty()) {
      throw cals.error("at least one calendar is required");
    }
    for (Iterator<String> it = cals.node.fieldNames(); it.hasNext(); ) {
      String calName = it.next();
      calendars.put(calName, calendar(calName, cals.get(calName)));
    }
    String defaultCalendar = r.get("defaultCalendar").text(calendars.keySet().iterator().next());
    if (!calendars.containsKey(defaultCalendar)) {
      throw r.get("defaultCalendar").error("no calendar named " + defaultCalendar);
    }

    List<Policies.Rule> rules = new ArrayList<>();
    Node list = r.get("policies");
    if (!list.node.isArray() || list.node.isEmpty()) {
      throw list.error("a list of at least one policy is required");
    }
    for (int i = 0; i < list.node.size(); i++) {
      Node p = new Node(name, list.path + "[" + i + "]", list.node.get(i), env);
      p.only("name", "channel", "urgency", "calendar", "firstResponse", "nextResponse", "resolution");
      Map<Target, Duration> targets = new EnumMap<>(Target.class);
      putTarget(targets, Target.FIRST_RESPONSE, p.get("firstResponse"));
      putTarget(targets, Target.NEXT_RESPONSE, p.get("nextResponse"));
      putTarget(targets, Target.RESOLUTION, p.get("resolution"));
      String calendar = p.get("calendar").text(null);
      if (calendar != null && !calendars.containsKey(calendar)) {
        throw p.get("calendar").error("no calendar named " + calendar);
      }
      Set<String> urgencies = p.get("urgency").words();
      for (String u : urgencies) {
        if (!Urgency.LEVELS.contains(u)) {
          throw p.get("urgency").error("'" + u + "' is not one of " + Urgency.LEVELS);
        }
      }
      Set<String> channels = p.get("channel").words();
      for (String c : channels) {
        if (!ChannelAccount.CHANNELS.contains(c)) {
          throw p.get("channel").error("'" + c + "' is not one of " + ChannelAccount.CHANNELS);
        }
      }
      rules.add(new Policies.Rule(p.get("name").text("policy-" + (i + 1)), channels, urgencies, calendar, targets));
    }

    double warnShare = warnShare(r.get("warnAt"));
    Duration tick = r.get("tick").present() ? duration(r.get("tick"), false) : Duration.ofSeconds(5);

    Node e = r.get("escalation");
    if (e.present()) {
      e.only("lead", "notify", "raiseUrgency", "account", "inboxUrl");
    }
    List<String> notify = List.copyOf(e.get("notify").words());
    for (String to : notify) {
      if (!to.contains("@")) {
        throw e.get("notify").error("'" + to + "' is not an email address");
      }
    }
    Optional<EmailAccount> smtp = emailAccount(e.get("account"), accounts);
    if (!notify.isEmpty() && smtp.isEmpty()) {
      throw e.get("notify").error("needs an email account to send from (channels/*.properties with channel = email)");
    }
    Escalation escalation =
        new Escalation(
            Optional.ofNullable(e.get("lead").text(null)),
            notify,
            e.get("raiseUrgency").bool(true),
            smtp,
            e.get("inboxUrl").text("").replaceAll("/+$", ""));

    Node c = r.get("followUps").get("checkBack");
    if (r.get("followUps").present()) {
      r.get("followUps").only("checkBack");
    }
    if (c.present()) {
      c.only("enabled", "after", "template", "author", "agentName");
    }
    CheckBack checkBack =
        new CheckBack(
            c.get("enabled").bool(false),
            c.get("after").present() ? duration(c.get("after"), true) : Duration.ofDays(3),
            c.get("template").text("check-back"),
            c.get("author").text("auto:check-back"),
            c.get("agentName").text("Customer Care"));

    return new SlaSettings(tick, warnShare, new Policies(rules, calendars, defaultCalendar), escalation, checkBack);
  }

  private static BusinessCalendar calendar(String name, Node c) {
    c.only("zone", "hours", "holidays");
    ZoneId zone;
    try {
      zone = ZoneId.of(c.get("zone").text("UTC"));
    } catch (java.time.DateTimeException e) {
      throw c.get("zone").error("unknown time zone: " + e.getMessage());
    }
    Node hours = c.get("hours");
    if (!hours.node.isObject()) {
      throw hours.error("must map days (mon, tue, ... or mon-fri) to ranges like 09:00-17:00");
    }
    Map<DayOfWeek, List<BusinessCalendar.Range>> week = new EnumMap<>(DayOfWeek.class);
    for (Iterator<String> it = hours.node.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      List<DayOfWeek> days = DAYS.get(key.toLowerCase(Locale.ROOT).replace(" ", ""));
      if (days == null) {
        throw hours.get(key).error("not a day or a span of days like mon, sat or mon-fri");
      }
      List<BusinessCalendar.Range> ranges = new ArrayList<>();
      for (String text : hours.get(key).words()) {
        if (text.equals("closed")) {
          continue;
        }
        try {
          ranges.add(BusinessCalendar.Range.parse(text));
        } catch (IllegalArgumentException e) {
          throw hours.get(key).error(e.getMessage());
        }
      }
      for (DayOfWeek d : days) {
        week.computeIfAbsent(d, k -> new ArrayList<>()).addAll(ranges);
      }
    }
    Set<LocalDate> holidays = new LinkedHashSet<>();
    for (String h : c.get("holidays").words()) {
      try {
        holidays.add(LocalDate.parse(h));
      } catch (java.time.format.DateTimeParseException e) {
        throw c.get("holidays").error("'" + h + "' is not a date like 2026-12-25");
      }
    }
    try {
      return new BusinessCalendar(name, zone, week, holidays);
    } catch (IllegalArgumentException e) {
      throw hours.error(e.getMessage());
    }
  }

  private static void putTarget(Map<Target, Duration> targets, Target t, Node n) {
    if (n.present() && !n.text("").equals("none")) {
      targets.put(t, duration(n, false));
    }
  }

  private static double warnShare(Node n) {
    if (!n.present() || n.text("").equals("off") || n.node.isBoolean() && !n.node.asBoolean()) {
      return n.present() ? 0 : 0.8;
    }
    String text = n.text("").strip();
    try {
      double share = text.endsWith("%") ? Double.parseDouble(text.substring(0, text.length() - 1).strip()) / 100 : Double.parseDouble(text);
      if (share > 0 && share < 1) {
        return share;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw n.error("must be a share of the target between 0 and 1, like 80% or 0.8, or off");
  }

  /** {@code 90m}, {@code 8h}, {@code 1h30m}; days only where calendar days are meant. */
  static Duration duration(Node n, boolean daysAllowed) {
    String text = n.text("").toLowerCase(Locale.ROOT).replace(" ", "");
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
                    throw n.error("business time is written in hours (e.g. 16h), not days");
                  }
                  yield Duration.ofDays(v);
                }
              });
      end = m.end();
    }
    if (text.isEmpty() || end != text.length() || total.isZero()) {
      throw n.error("must be a duration like 30m, 8h or 1h30m, not '" + n.text("") + "'");
    }
    return total;
  }

  private static Optional<EmailAccount> emailAccount(Node n, List<ChannelAccount> accounts) {
    String id = n.text(null);
    Optional<ChannelAccount> found =
        accounts.stream().filter(a -> a.channel().equals("email") && (id == null || a.id().equals(id))).findFirst();
    if (id != null && found.isEmpty()) {
      throw n.error("no email account " + id);
    }
    return found.map(EmailAccount::from);
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

  /** A YAML node that knows its file and path for errors. */
  static final class Node {
    private static final Pattern ENV = Pattern.compile("\\{\\{env:([A-Za-z0-9_]+)(?::([^}]*))?}}");
    final String file;
    final String path;
    final JsonNode node;
    private final UnaryOperator<String> env;

    Node(String file, String path, JsonNode node, UnaryOperator<String> env) {
      this.file = file;
      this.path = path;
      this.node = node;
      this.env = env;
    }

    Node get(String key) {
      JsonNode child = node != null && node.isObject() ? node.get(key) : null;
      return new Node(file, path.isEmpty() ? key : path + "." + key, child, env);
    }

    private String resolve(String value) {
      Matcher m = ENV.matcher(value);
      StringBuilder out = new StringBuilder();
      while (m.find()) {
        String v = env.apply(m.group(1));
        if (v == null) {
          v = m.group(2);
        }
        if (v == null) {
          throw error("environment variable " + m.group(1) + " is not set and has no default");
        }
        m.appendReplacement(out, Matcher.quoteReplacement(v));
      }
      m.appendTail(out);
      return out.toString();
    }

    boolean present() {
      return node != null && !node.isNull() && !node.isMissingNode();
    }

    ConfigException error(String problem) {
      return new ConfigException(file, path.isEmpty() ? "-" : path, problem);
    }

    void only(String... keys) {
      if (!node.isObject()) {
        throw error("must be a mapping of keys to values");
      }
      List<String> allowed = List.of(keys);
      for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
        String k = it.next();
        if (!allowed.contains(k)) {
          throw get(k).error("unknown key; expected one of " + allowed);
        }
      }
    }

    String text(String fallback) {
      if (!present()) {
        return fallback;
      }
      if (!node.isValueNode()) {
        throw error("must be a single value");
      }
      String s = resolve(node.asText()).strip();
      return s.isEmpty() ? fallback : s;
    }

    boolean bool(boolean fallback) {
      if (!present()) {
        return fallback;
      }
      if (!node.isBoolean()) {
        throw error("must be true or false");
      }
      return node.asBoolean();
    }

    /** A single value or a list of values, as text; empty when absent. */
    Set<String> words() {
      Set<String> out = new LinkedHashSet<>();
      if (!present()) {
        return out;
      }
      if (node.isArray()) {
        for (JsonNode item : node) {
          if (!item.isValueNode()) {
            throw error("must be a list of values");
          }
          out.add(item.asText().strip());
        }
      } else if (node.isValueNode()) {
        for (String s : node.asText().split(",")) {
          if (!s.isBlank()) {
            out.add(s.strip());
          }
        }
      } else {
        throw error("must be a value or a list of values");
      }
      return out;
    }
  }
}
