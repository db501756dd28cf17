package io.switchboard.channel.email;

/**
 * Spares Jakarta Mail a class-path scan per header block and per MIME part.
 *
 * <p>Jakarta Mail 2.1 asks {@code StreamProvider.provider()} for a stream implementation every
 * time it reads headers, decodes a part or builds a multipart, and that method runs a {@link
 * java.util.ServiceLoader} lookup over every jar on the class path each time (jakartaee/mail-api
 * issues 699 and 861). The profile of the ingest path put 12 % of its CPU there (ADR 0021). The
 * lookup consults the system property named after the interface first; naming Angus Mail's
 * provider there (the one the service lookup finds anyway) turns the scan into a class lookup.
 * Nothing else changes: the property is only set when no one set it, and only when Angus Mail is
 * the implementation on the class path.
 */
final class MailStreams {
  static final String PROPERTY = "jakarta.mail.util.StreamProvider";
  static final String ANGUS = "org.eclipse.angus.mail.util.MailStreamProvider";

  private MailStreams() {}

  static void skipServiceLookup() {
    if (System.getProperty(PROPERTY) != null) {
      return;
    }
    // Jakarta loads the named class through the thread's context loader or the system loader and
    // fails instead of falling back when it cannot: name it only when both see it
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    try {
      Class.forName(ANGUS, false, ClassLoader.getSystemClassLoader());
      if (context != null) {
        Class.forName(ANGUS, false, context);
      }
    } catch (ClassNotFoundException | LinkageError e) {
      return; // another implementation or class loader layout: leave the lookup to Jakarta Mail
    }
    System.setProperty(PROPERTY, ANGUS);
  }
}
