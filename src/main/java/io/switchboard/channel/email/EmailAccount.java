package io.switchboard.channel.email;

import io.switchboard.config.ChannelAccount;
import io.switchboard.config.ConfigException;
import io.switchboard.config.PropertiesFile;
import java.time.Duration;

/**
 * A mailbox: where to read (IMAP) and where to send replies (SMTP).
 *
 * @param retryBackoff the wait after a failed poll (server gone, refused sign-in); doubles with
 *     each failure in a row
 * @param maxBackoff the longest wait after failures: how late, at most, the poller notices that
 *     the server is back
 */
public record EmailAccount(
    String id,
    String address,
    String displayName,
    Server imap,
    String folder,
    boolean idle,
    Duration pollInterval,
    Duration maxIdle,
    int batchSize,
    Duration retryBackoff,
    Duration maxBackoff,
    Server smtp,
    String sentFolder) {

  /** One server connection. {@code ssl} is TLS from the start; {@code starttls} upgrades. */
  public record Server(
      String host, int port, boolean ssl, boolean starttls, String user, String password) {

    /** Jakarta Mail session settings for sending through this server, with bounded timeouts. */
    public java.util.Properties smtpProperties() {
      java.util.Properties p = new java.util.Properties();
      String proto = ssl ? "smtps" : "smtp";
      p.put("mail.transport.protocol", proto);
      p.put("mail." + proto + ".host", host);
      p.put("mail." + proto + ".port", String.valueOf(port));
      p.put("mail." + proto + ".auth", String.valueOf(!password.isEmpty()));
      p.put("mail." + proto + ".starttls.enable", String.valueOf(starttls));
      p.put("mail." + proto + ".connectiontimeout", "15000");
      p.put("mail." + proto + ".timeout", "60000");
      p.put("mail." + proto + ".writetimeout", "60000");
      return p;
    }

    /** Sends one message through this server on its own connection, signing in when a password is set. */
    public void send(jakarta.mail.internet.MimeMessage mail) throws jakarta.mail.MessagingException {
      if (password.isEmpty()) {
        jakarta.mail.Transport.send(mail);
      } else {
        jakarta.mail.Transport.send(mail, user, password);
      }
    }
  }

  public static EmailAccount from(ChannelAccount account) {
    PropertiesFile f = account.settings();
    String address = f.get("address");
    if (!address.contains("@")) {
      throw new ConfigException(f.name(), "address", "'" + address + "' is not an email address");
    }
    return new EmailAccount(
        account.id(),
        address.toLowerCase(java.util.Locale.ROOT),
        f.get("display.name", "Support"),
        server(f, "imap", 993, true, address),
        f.get("imap.folder", "INBOX"),
        f.getBoolean("imap.idle", true),
        f.getDuration("poll.interval", Duration.ofSeconds(30)),
        f.getDuration("imap.idle.max", Duration.ofMinutes(1)),
        f.getInt("poll.batch", 200),
        f.getPositiveDuration("retry.backoff", Duration.ofSeconds(1)),
        f.getPositiveDuration("retry.backoff.max", Duration.ofMinutes(2)),
        server(f, "smtp", 587, false, address),
        f.get("imap.sent.folder", "Sent"));
  }

  private static Server server(
      PropertiesFile f, String prefix, int defaultPort, boolean defaultSsl, String address) {
    boolean ssl = f.getBoolean(prefix + ".ssl", defaultSsl);
    return new Server(
        f.get(prefix + ".host"),
        f.getInt(prefix + ".port", defaultPort),
        ssl,
        f.getBoolean(prefix + ".starttls", !ssl),
        f.get(prefix + ".user", address),
        f.get(prefix + ".password", ""));
  }

  /** Where sent replies are filed over IMAP (and looked up before a retry), or none. */
  public java.util.Optional<String> sent() {
    return sentFolder == null || sentFolder.isBlank() || sentFolder.equals("none")
        ? java.util.Optional.empty()
        : java.util.Optional.of(sentFolder);
  }

  /** The part after the {@code @}, used for the Message-IDs of our replies. */
  public String domain() {
    return address.substring(address.indexOf('@') + 1);
  }
}
