-- The workflow-event claim reads the pending rows in id order (workflow_event_due) and keeps a
-- conversation's later rows back in the daemon (ADR 0074); nothing reads the events by
-- conversation any more, so the index that served the claim's correlated NOT EXISTS goes: one
-- index fewer to update at every append, claim and mark done.
DROP INDEX workflow_event_conversation;
