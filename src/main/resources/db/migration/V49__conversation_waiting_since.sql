-- Inbox lists at scale (ADR 0019): since when the customer waits for our answer, stored on the
-- conversation so "longest waiting first" is an ordered read instead of two correlated subqueries
-- on message for every matching conversation. It is the customer's first message after our last
-- reply (by message id), NULL when we answered last or the customer never wrote. Kept where
-- messages are written: a customer message sets it when NULL (or earlier), our reply clears it,
-- internal notes leave it alone (store.WaitingSince). Portable SQL: HSQLDB and PostgreSQL.

ALTER TABLE conversation ADD COLUMN waiting_since TIMESTAMP WITH TIME ZONE;

UPDATE conversation SET waiting_since = (
  SELECT MIN(w.sent_at) FROM message w WHERE w.conversation_id = conversation.id AND w.direction = 'in'
    AND NOT EXISTS (SELECT 1 FROM message r WHERE r.conversation_id = conversation.id
      AND r.direction = 'out' AND r.id > w.id));
