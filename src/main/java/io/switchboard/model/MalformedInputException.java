package io.switchboard.model;

/** Input a channel cannot turn into a message; the reason is for the person reading quarantine. */
public final class MalformedInputException extends Exception {
  private static final long serialVersionUID = 1L;

  public MalformedInputException(String reason) {
    super(reason);
  }

  public MalformedInputException(String reason, Throwable cause) {
    super(reason, cause);
  }
}
