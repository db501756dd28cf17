-- Indexes for the inbox lists at scale, chosen from bench/run.sh inbox (1,000,000 messages in
-- 200,000 conversations; ADR 0014): without them every list scanned all conversations.
-- Lists filter by status (open, pending) and sort by the latest message.
CREATE INDEX conversation_status_last ON conversation(status, last_message_at);
-- "Mine" and "unassigned" lists.
CREATE INDEX conversation_assignee_status ON conversation(assignee, status);
-- The tag filter looks conversations up by tag.
CREATE INDEX conversation_tag_tag ON conversation_tag(tag);
