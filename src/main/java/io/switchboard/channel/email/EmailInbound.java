package io.switchboard.channel.email;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The email-inbound route's bean: one {@link ImapPoller} per configured mailbox. */
public final class EmailInbound implements AutoCloseable {
  private final Map<String, ImapPoller> pollers;

  public EmailInbound(List<ImapPoller> pollers) {
    this.pollers = pollers.stream().collect(Collectors.toMap(ImapPoller::accountId, Function.identity()));
  }

  public MailBatch poll(String account) {
    return poller(account).poll();
  }

  public void commit(MailBatch batch) {
    poller(batch.account()).commit(batch);
  }

  public List<String> accounts() {
    return List.copyOf(pollers.keySet());
  }

  private ImapPoller poller(String account) {
    ImapPoller p = pollers.get(account);
    if (p == null) {
      throw new IllegalArgumentException("no email account " + account);
    }
    return p;
  }

  @Override
  public void close() {
    pollers.values().forEach(ImapPoller::close);
  }
}
