package io.switchboard.channel;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The inbound routes' bean: every configured account's poller, by account id. */
public final class Inbound implements AutoCloseable {
  private final Map<String, InboundPoller> pollers;

  public Inbound(List<InboundPoller> pollers) {
    this.pollers = pollers.stream().collect(Collectors.toMap(InboundPoller::accountId, Function.identity()));
  }

  public PollBatch poll(String account) {
    return poller(account).poll();
  }

  public void commit(PollBatch batch) {
    if (!batch.isEmpty()) {
      poller(batch.account()).commit(batch);
    }
  }

  /** The pollers, each needing a route from its channel's {@code <channel>-inbound} template. */
  public List<InboundPoller> pollers() {
    return List.copyOf(pollers.values());
  }

  private InboundPoller poller(String account) {
    InboundPoller p = pollers.get(account);
    if (p == null) {
      throw new IllegalArgumentException("no account " + account);
    }
    return p;
  }

  @Override
  public void close() {
    pollers.values().forEach(InboundPoller::close);
  }
}
