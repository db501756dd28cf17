package io.switchboard.channel.email;

/**
 * Thrown by {@link MimeParser} when a message holds nothing usable: no From address, or a body that
 * cannot be read at all. The message is a reason a person can read (for a dead-letter list), e.g.
 * {@code "no From address"}.
 */
public class MalformedEmailException extends Exception {

  public MalformedEmailException(String reason) {
    super(reason);
  }

  public MalformedEmailException(String reason, Throwable cause) {
    super(reason, cause);
  }
}
