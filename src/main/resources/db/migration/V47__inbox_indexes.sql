-- Index for the inbox lists at scale, chosen from bench/run.sh inbox (1,000,000 messages in
-- 200,000 conversations; query plans in ADR 0014). Lists filter by status (open, pending) and
-- sort by the latest message; without it every list scanned all conversations. (Assignee already
-- has conversation_assignee from V22, which the planner picks for "mine"; the tag filter is an
-- EXISTS on conversation_tag's primary key.)
CREATE INDEX conversation_status_last ON conversation(status, last_message_at);
