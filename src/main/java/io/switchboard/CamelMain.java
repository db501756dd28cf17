package io.switchboard;

import io.switchboard.config.Settings;
import java.util.Properties;
import org.apache.camel.main.Main;

/** Camel Main set up from our settings: our properties only, the named route files. */
public final class CamelMain {
  private CamelMain() {}

  public static Main create(Settings settings, String name, String... routes) {
    Main main = new Main();
    // our settings are already resolved; do not let Camel pick up other application.properties
    main.setDefaultPropertyPlaceholderLocation("false");
    Properties props = new Properties();
    props.putAll(settings.app().asMap());
    main.setInitialProperties(props);
    main.configure().withName(name).withRoutesIncludePattern(Settings.routesPattern(routes));
    return main;
  }
}
