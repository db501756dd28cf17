package io.switchboard.channel.email;

import io.switchboard.Daemon;
import org.jdbi.v3.core.Jdbi;

/** Reads the running daemon's database in tests. */
final class TestAccess {
  private TestAccess() {}

  static Jdbi jdbi(Daemon daemon) {
    return daemon.services().jdbi();
  }
}
