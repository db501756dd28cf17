-- Loop protection for automatic messages: whether the latest customer message of a conversation
-- was machine-sent (auto-reply, bulk or list mail, bounce), kept by a workflow listener, so nothing
-- automatic answers it. Portable SQL: HSQLDB and PostgreSQL.

CREATE TABLE loop_guard (
  conversation_id BIGINT NOT NULL PRIMARY KEY REFERENCES conversation(id),
  last_inbound_auto BOOLEAN NOT NULL,
  updated_at TIMESTAMP WITH TIME ZONE NOT NULL
);
