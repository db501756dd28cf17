package io.switchboard.channel.email;

import io.switchboard.channel.ChannelContext;
import io.switchboard.channel.ChannelModule;
import io.switchboard.channel.ChannelSender;
import io.switchboard.channel.InboundNormalizer;
import io.switchboard.channel.InboundPoller;
import io.switchboard.config.ChannelAccount;
import java.util.List;

/** Email: IMAP pollers, the MIME normalizer and the SMTP sender for every configured mailbox. */
public final class EmailModule implements ChannelModule {
  private final InboundNormalizer normalizer;
  private final ChannelSender sender;
  private final List<InboundPoller> pollers;

  public EmailModule(List<ChannelAccount> accounts, ChannelContext ctx) {
    List<EmailAccount> mailboxes = accounts.stream().map(EmailAccount::from).toList();
    this.normalizer = normalizer(ctx);
    this.sender = new EmailSender(mailboxes);
    this.pollers =
        mailboxes.stream()
            .<InboundPoller>map(a -> new ImapPoller(a, ctx.cursors(), ctx.health()))
            .toList();
  }

  /** The normalizer alone, for {@code import}, which reads files rather than mailboxes. */
  public static InboundNormalizer normalizer(ChannelContext ctx) {
    return new EmailNormalizer(new MimeParser(ctx.maxAttachmentBytes()));
  }

  @Override
  public String channel() {
    return "email";
  }

  @Override
  public InboundNormalizer normalizer() {
    return normalizer;
  }

  @Override
  public ChannelSender sender() {
    return sender;
  }

  @Override
  public List<InboundPoller> pollers() {
    return pollers;
  }
}
