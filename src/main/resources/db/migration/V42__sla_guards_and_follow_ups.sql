-- SLA clocks (workflow.sla): per target, when to warn and the exactly-once guards. A guard column
-- is set by one conditional UPDATE ("... WHERE x_escalated_at IS NULL"), so of two instances that
-- see the same breach only one escalates. row_version orders the read-modify-write of the clocks.
-- Portable SQL: HSQLDB and PostgreSQL.

ALTER TABLE conversation_sla ADD COLUMN calendar_name VARCHAR(60);
ALTER TABLE conversation_sla ADD COLUMN row_version INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE conversation_sla ADD COLUMN first_response_warn_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE conversation_sla ADD COLUMN first_response_warned_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE conversation_sla ADD COLUMN first_response_escalated_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE conversation_sla ADD COLUMN next_response_started_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE conversation_sla ADD COLUMN next_response_warn_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE conversation_sla ADD COLUMN next_response_warned_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE conversation_sla ADD COLUMN next_response_breached_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE conversation_sla ADD COLUMN next_response_escalated_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE conversation_sla ADD COLUMN resolution_warn_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE conversation_sla ADD COLUMN resolution_warned_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE conversation_sla ADD COLUMN resolution_escalated_at TIMESTAMP WITH TIME ZONE;
CREATE INDEX conversation_sla_first_warn ON conversation_sla(first_response_warn_at);
CREATE INDEX conversation_sla_next_warn ON conversation_sla(next_response_warn_at);
CREATE INDEX conversation_sla_resolution_warn ON conversation_sla(resolution_warn_at);

-- Follow-ups: a snooze (until a time, or until the customer writes) and the one check-back
-- message after resolution; check_back_claimed_at is set once, before the message is queued.
CREATE TABLE conversation_follow_up (
  conversation_id BIGINT NOT NULL PRIMARY KEY REFERENCES conversation(id),
  snoozed_until TIMESTAMP WITH TIME ZONE,
  until_customer BOOLEAN DEFAULT FALSE NOT NULL,
  snoozed_by VARCHAR(100),
  check_back_due_at TIMESTAMP WITH TIME ZONE,
  check_back_claimed_at TIMESTAMP WITH TIME ZONE,
  check_back_message_id BIGINT,
  updated_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX conversation_follow_up_snooze ON conversation_follow_up(snoozed_until);
CREATE INDEX conversation_follow_up_check_back ON conversation_follow_up(check_back_due_at);
