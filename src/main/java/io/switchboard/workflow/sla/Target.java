package io.switchboard.workflow.sla;

/** The three clocks of a conversation. */
public enum Target {
  /** From the customer's first message to the first reply to the customer. */
  FIRST_RESPONSE("first_response", "first response"),
  /** From a customer's message after a reply to the next reply. */
  NEXT_RESPONSE("next_response", "next response"),
  /** From the first message to resolution, without the time spent waiting on the customer. */
  RESOLUTION("resolution", "resolution");

  private final String column;
  private final String label;

  Target(String column, String label) {
    this.column = column;
    this.label = label;
  }

  /** The prefix of this target's columns in {@code conversation_sla}; our own names, never input. */
  String column() {
    return column;
  }

  public String label() {
    return label;
  }
}
