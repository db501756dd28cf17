package io.switchboard.channel.facebook;

import java.util.List;

/** One stream of one account (Page comments, Messenger, ...), read through the Graph API. */
public interface StreamReader {
  /** The stream's name, under which its cursor is kept. */
  String name();

  /**
   * Every item created after {@code since}, with every page of every list followed, in any order;
   * or an error and nothing, so that a list cut off half-way is read again whole next time.
   */
  List<GraphItem> read(TimeCursor since) throws GraphError;
}
