package io.switchboard.channel.facebook;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Collects every log line while a test runs, to show that the access token never appears. */
final class TokenLogGuard implements AutoCloseable {
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  TokenLogGuard() {
    appender.start();
    root().addAppender(appender);
  }

  private static Logger root() {
    return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  }

  List<ILoggingEvent> lines() {
    synchronized (appender.list) {
      return List.copyOf(appender.list);
    }
  }

  boolean anyContains(String text) {
    return lines().stream().anyMatch(e -> e.getFormattedMessage().contains(text));
  }

  /** Stops collecting and checks that no line, nor any logged exception, shows {@code token}. */
  void assertNeverShows(String token) {
    for (ILoggingEvent e : lines()) {
      assertThat(e.getFormattedMessage()).as("log line").doesNotContain(token);
      for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
        assertThat(String.valueOf(t.getMessage())).as("logged exception").doesNotContain(token);
      }
    }
  }

  @Override
  public void close() {
    root().detachAppender(appender);
    appender.stop();
  }
}
