package io.switchboard.support;

import org.awaitility.Awaitility;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;

/**
 * Awaitility fails a wait when any thread of the JVM dies of an uncaught exception while it waits.
 * The test servers run their own threads: GreenMail's IMAP handler throws when a connection ends
 * under it, or when it loses a race with a delivery under load, and the daemon then reconnects,
 * which is what the waits are there to show. So no wait takes another thread's crash for its own
 * failure (ADR 0087); a test still fails when the outcome it waits for does not come.
 */
public final class ServerThreadCrashes implements TestExecutionListener {
  @Override
  public void testPlanExecutionStarted(TestPlan testPlan) {
    // each test plan (surefire runs one per class) starts from this, whatever a test changed
    Awaitility.doNotCatchUncaughtExceptionsByDefault();
  }
}
