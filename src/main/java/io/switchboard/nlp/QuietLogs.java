package io.switchboard.nlp;

import java.lang.reflect.Method;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OpenNLP's trainers log every iteration at INFO. Raises the "opennlp" logger to WARN when the
 * logging backend is Logback (by reflection, so this package does not depend on the backend).
 */
final class QuietLogs {
  private QuietLogs() {}

  static void quietOpenNlp() {
    Logger logger = LoggerFactory.getLogger("opennlp");
    try {
      Class<?> level = Class.forName("ch.qos.logback.classic.Level", false,
          logger.getClass().getClassLoader());
      Object warn = level.getField("WARN").get(null);
      Method setLevel = logger.getClass().getMethod("setLevel", level);
      setLevel.invoke(logger, warn);
    } catch (ReflectiveOperationException | LinkageError e) {
      // another backend: its own configuration decides
    }
  }
}
