-- One agent's list (ADR 0075), portable SQL for HSQLDB and PostgreSQL: counted over its agent and
-- status range and paged by reading that range backwards, instead of reading every open
-- conversation of the status index to test its assignee. Replaces V22's (assignee), its prefix,
-- so the table keeps as many indexes and the routing's count per agent and status reads it too.
DROP INDEX conversation_assignee;
CREATE INDEX conversation_assignee_recent ON conversation(assignee, status, last_message_at, id);
