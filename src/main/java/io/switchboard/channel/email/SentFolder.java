package io.switchboard.channel.email;

import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.search.MessageIDTerm;

/**
 * The mailbox's Sent folder over IMAP: replies are filed there after SMTP took them, as mail
 * clients do, and a retry first looks there for its Message-ID so a reply is not sent twice.
 */
final class SentFolder {
  private final EmailAccount account;
  private final String folder;
  private final Session session;

  SentFolder(EmailAccount account, String folder) {
    this.account = account;
    this.folder = folder;
    this.session = Session.getInstance(ImapPoller.sessionProperties(account.imap()));
  }

  void file(Message sent) throws MessagingException {
    try (Store store = connect()) {
      Folder f = store.getFolder(folder);
      if (!f.exists()) {
        f.create(Folder.HOLDS_MESSAGES);
      }
      f.appendMessages(new Message[] {sent});
    }
  }

  boolean contains(String messageId) throws MessagingException {
    try (Store store = connect()) {
      Folder f = store.getFolder(folder);
      if (!f.exists()) {
        return false;
      }
      f.open(Folder.READ_ONLY);
      try {
        return f.search(new MessageIDTerm(messageId)).length > 0;
      } finally {
        f.close(false);
      }
    }
  }

  private Store connect() throws MessagingException {
    EmailAccount.Server imap = account.imap();
    Store store = session.getStore();
    store.connect(imap.host(), imap.port(), imap.user(), imap.password());
    return store;
  }
}
