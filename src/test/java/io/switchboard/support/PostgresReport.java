package io.switchboard.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestTag;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Counts the tests that ran on PostgreSQL (under a {@link TestStore#POSTGRESQL} class parameter)
 * and writes one line about them to {@code target/postgres-tests.txt}, which {@code .ci/run}
 * prints: proof that they ran and were not skipped.
 */
public final class PostgresReport implements TestExecutionListener {
  static final String FILE = "postgres-tests.txt";

  private TestPlan plan;
  private int passed;
  private int failed;
  private int skipped;

  @Override
  public void testPlanExecutionStarted(TestPlan testPlan) {
    // surefire with two JVMs runs one plan per class: each line counts its own plan, and .ci/run
    // sums the lines (ADR 0046)
    plan = testPlan;
    passed = 0;
    failed = 0;
    skipped = 0;
  }

  @Override
  public void executionSkipped(TestIdentifier test, String reason) {
    if (onPostgres(test)) {
      skipped++;
    }
  }

  @Override
  public void executionFinished(TestIdentifier test, TestExecutionResult result) {
    if (!test.isTest() || !onPostgres(test)) {
      return;
    }
    switch (result.getStatus()) {
      case SUCCESSFUL -> passed++;
      case ABORTED -> skipped++;
      case FAILED -> failed++;
    }
  }

  /**
   * Under a PostgreSQL class parameter, or tagged {@code postgres} without a store parameter (a
   * test that only runs on PostgreSQL, like the two-instance IT).
   */
  private boolean onPostgres(TestIdentifier test) {
    boolean otherStore = false;
    for (Optional<TestIdentifier> t = Optional.of(test); t.isPresent(); t = plan.getParent(t.get())) {
      if (t.get().getDisplayName().equals(TestStore.POSTGRESQL.toString())) {
        return true;
      }
      otherStore |= t.get().getDisplayName().equals(TestStore.HSQLDB.toString());
    }
    return !otherStore && test.getTags().contains(TestTag.create("postgres"));
  }

  @Override
  public void testPlanExecutionFinished(TestPlan testPlan) {
    int ran = passed + failed;
    if (ran + skipped == 0) {
      return;
    }
    String version = PostgresCluster.startedVersion();
    String line = String.format("%d tests ran on PostgreSQL%s: %d passed, %d failed, %d skipped%n",
        ran, version == null ? "" : " " + version, passed, failed, skipped);
    try {
      Path buildDir = PostgresCluster.buildDir();
      Files.createDirectories(buildDir);
      // one line per test plan; .ci/run deletes the file first and sums the lines
      Files.writeString(buildDir.resolve(FILE), line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      System.err.print(line);
    }
  }
}
