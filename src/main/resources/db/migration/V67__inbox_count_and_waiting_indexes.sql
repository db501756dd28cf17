-- Indexes for the inbox lists at 1,000,000 messages (ADR 0051), portable SQL for HSQLDB and
-- PostgreSQL.

-- a list filtered by language is counted per status and language over this range instead of
-- reading every conversation of the status (no last_message_at: it changes with every message,
-- and the count needs no order)
CREATE INDEX conversation_status_language ON conversation(status, language);

-- longest waiting first: the waiting conversations are read in waiting order up to the page
-- instead of sorting every conversation of the status
CREATE INDEX conversation_waiting ON conversation(waiting_since, id);
