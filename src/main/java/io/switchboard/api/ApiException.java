package io.switchboard.api;

/** An error answered as JSON {@code {"status": N, "error": "..."}}. */
public final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;
  private final transient java.util.Map<String, Object> details;

  public ApiException(int status, String message) {
    this(status, message, java.util.Map.of());
  }

  /** An error whose JSON body carries more fields beside status and error. */
  public ApiException(int status, String message, java.util.Map<String, Object> details) {
    super(message, null, false, false);
    this.status = status;
    this.details = details;
  }

  public int status() {
    return status;
  }

  public java.util.Map<String, Object> details() {
    return details;
  }
}
