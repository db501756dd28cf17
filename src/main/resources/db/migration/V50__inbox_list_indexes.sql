-- Indexes for the inbox lists at scale, chosen from the plans of bench/run.sh inbox (ADR 0019).
-- A list is read per status (status is one of four values): the page's ids come from an index
-- whose order is the list's order, so HSQLDB stops after the page instead of sorting every
-- matching conversation. The id column breaks ties of last_message_at the way the lists do.
-- Portable SQL: HSQLDB and PostgreSQL.

-- most recent first; replaces V47's (status, last_message_at), of which it is an extension
DROP INDEX conversation_status_last;
CREATE INDEX conversation_status_recent ON conversation(status, last_message_at, id);

-- most urgent first: one urgency value at a time, latest first within it
CREATE INDEX conversation_status_urgency ON conversation(status, urgency, last_message_at, id);

-- the tag filter counted from the tag's side instead of probing every conversation of a status
CREATE INDEX conversation_tag_tag ON conversation_tag(tag, conversation_id);
