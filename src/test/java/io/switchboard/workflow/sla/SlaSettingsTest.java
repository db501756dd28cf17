package io.switchboard.workflow.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.config.ConfigException;
import io.switchboard.config.Settings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shipped sla.yaml loads; policies fall back per target; mistakes name the file and key. */
class SlaSettingsTest {
  static SlaSettings parse(String yaml) {
    return SlaFixture.settings(yaml, List.of());
  }

  static final String BASE =
      String.join(
          "\n",
          "calendars:",
          "  office:",
          "    zone: Europe/London",
          "    hours:",
          "      mon-fri: [\"09:00-12:00\", \"13:00-17:00\"]",
          "      sat: \"10:00-14:00\"",
          "policies:",
          "  - name: standard",
          "    firstResponse: 8h",
          "    nextResponse: 8h",
          "    resolution: 40h",
          "  - name: social",
          "    channel: [x, facebook]",
          "    firstResponse: 2h",
          "  - name: urgent",
          "    urgency: urgent",
          "    firstResponse: 1h",
          "    resolution: 8h",
          "  - name: social-urgent",
          "    channel: x",
          "    urgency: urgent",
          "    firstResponse: 30m",
          "");

  @Test
  void theShippedFileShouldLoad() {
    SlaSettings s = SlaSettings.load(Settings.load(Path.of("config"), Map.of(), name -> null));
    assertThat(s.tick()).isEqualTo(Duration.ofSeconds(5));
    assertThat(s.warnShare()).isEqualTo(0.8);
    assertThat(s.checkBack().enabled()).isFalse();
    assertThat(s.policies().policyFor("email", "normal").target(Target.FIRST_RESPONSE)).contains(Duration.ofHours(8));
    assertThat(s.escalation().inboxUrl()).isEqualTo("http://127.0.0.1:8080");
  }

  @Test
  void eachTargetShouldComeFromTheMostSpecificPolicyThatSetsIt() {
    Policies p = parse(BASE).policies();
    Policies.Policy xUrgent = p.policyFor("x", "urgent");
    assertThat(xUrgent.name()).isEqualTo("social-urgent");
    assertThat(xUrgent.target(Target.FIRST_RESPONSE)).contains(Duration.ofMinutes(30));
    assertThat(xUrgent.target(Target.RESOLUTION)).as("from urgent").contains(Duration.ofHours(8));
    assertThat(xUrgent.target(Target.NEXT_RESPONSE)).as("from standard").contains(Duration.ofHours(8));
    assertThat(p.policyFor("facebook", "low").target(Target.FIRST_RESPONSE)).contains(Duration.ofHours(2));
    assertThat(p.policyFor("email", "urgent").target(Target.FIRST_RESPONSE)).contains(Duration.ofHours(1));
    assertThat(p.policyFor("email", null).name()).as("missing urgency is normal").isEqualTo("standard");
    assertThat(p.policyFor("email", "normal").calendar().name()).isEqualTo("office");
  }

  @Test
  void mistakesShouldNameTheFileAndTheKey() {
    assertThatThrownBy(() -> parse(BASE.replace("firstResponse: 8h", "firstResponse: 1d")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("sla.yaml: policies[0].firstResponse: business time is written in hours");
    assertThatThrownBy(() -> parse(BASE.replace("urgency: urgent\n    firstResponse: 1h", "urgency: critical\n    firstResponse: 1h")))
        .hasMessageContaining("policies[2].urgency")
        .hasMessageContaining("critical");
    assertThatThrownBy(() -> parse(BASE.replace("sat:", "saturday:"))).hasMessageContaining("calendars.office.hours.saturday");
    assertThatThrownBy(() -> parse(BASE.replace("\"10:00-14:00\"", "\"14:00-10:00\""))).hasMessageContaining("calendars.office.hours.sat");
    assertThatThrownBy(() -> parse(BASE.replace("Europe/London", "Mars/Olympus"))).hasMessageContaining("calendars.office.zone");
    assertThatThrownBy(() -> parse(BASE + "warnAt: 120%\n")).hasMessageContaining("warnAt");
    assertThatThrownBy(() -> parse(BASE + "escalation:\n  notify: [lead@shop.test]\n"))
        .as("email needs an account to send from")
        .hasMessageContaining("escalation.notify");
    assertThatThrownBy(() -> parse(BASE + "escalaton:\n  lead: lee\n")).hasMessageContaining("escalaton: unknown key");
  }

  @Test
  void warningsCanBeTurnedOff() {
    assertThat(parse(BASE + "warnAt: off\n").warnShare()).isZero();
    assertThat(parse(BASE + "warnAt: 0.5\n").warnShare()).isEqualTo(0.5);
  }
}
