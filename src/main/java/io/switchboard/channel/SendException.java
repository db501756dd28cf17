package io.switchboard.channel;

/** A send that did not happen; {@code retryable} says whether trying again later may work. */
public final class SendException extends Exception {
  private static final long serialVersionUID = 1L;
  private final boolean retryable;

  public SendException(String reason, boolean retryable, Throwable cause) {
    super(reason, cause);
    this.retryable = retryable;
  }

  public boolean retryable() {
    return retryable;
  }
}
