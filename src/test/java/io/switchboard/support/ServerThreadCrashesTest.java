package io.switchboard.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ServerThreadCrashesTest {
  @Test
  void anotherThreadDyingShouldNotFailAWaitWhoseConditionComesTrue() throws Exception {
    AtomicBoolean done = new AtomicBoolean();
    Thread server =
        new Thread(
            () -> {
              done.set(true);
              throw new IllegalStateException("a test server's handler thread crashed");
            },
            "crashing-handler");
    server.setDaemon(true);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              if (server.getState() == Thread.State.NEW) {
                server.start();
              }
              return done.get() && !server.isAlive();
            });
    assertThat(done).isTrue();
  }
}
