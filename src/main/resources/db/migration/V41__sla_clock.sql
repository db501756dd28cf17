-- Team workflow, shared by the SLA clocks and the KPIs. One row per conversation under an SLA
-- policy: its due times counted in business hours, and whether each target was met. A *_met column
-- is NULL while its clock runs, TRUE when the target was met in time, FALSE once it was breached.
-- Portable SQL: HSQLDB and PostgreSQL.

CREATE TABLE conversation_sla (
  conversation_id BIGINT NOT NULL PRIMARY KEY REFERENCES conversation(id),
  policy VARCHAR(100) NOT NULL,
  first_response_due_at TIMESTAMP WITH TIME ZONE,
  first_response_at TIMESTAMP WITH TIME ZONE,
  first_response_met BOOLEAN,
  next_response_due_at TIMESTAMP WITH TIME ZONE,
  next_response_breaches INTEGER DEFAULT 0 NOT NULL,
  resolution_due_at TIMESTAMP WITH TIME ZONE,
  resolved_at TIMESTAMP WITH TIME ZONE,
  resolution_met BOOLEAN,
  paused_at TIMESTAMP WITH TIME ZONE,
  warned_at TIMESTAMP WITH TIME ZONE,
  breached_at TIMESTAMP WITH TIME ZONE,
  escalated_at TIMESTAMP WITH TIME ZONE,
  updated_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX conversation_sla_first_due ON conversation_sla(first_response_due_at);
CREATE INDEX conversation_sla_next_due ON conversation_sla(next_response_due_at);
CREATE INDEX conversation_sla_resolution_due ON conversation_sla(resolution_due_at);
