-- Brand listening (ADR 0041): a conversation is either a message to us ('message': mentions, DMs,
-- comments, email) or a public post that talks about the brand without tagging it ('mention':
-- found by a search or on the Page's tagged and visitor posts). Reach is how many people the post
-- reached as the network says it (the author's followers on X), for the digest's widest-reach list.
-- Portable SQL: HSQLDB and PostgreSQL.
ALTER TABLE conversation ADD COLUMN kind VARCHAR(10) DEFAULT 'message' NOT NULL;
ALTER TABLE conversation ADD COLUMN reach BIGINT;
CREATE INDEX conversation_kind ON conversation(kind, last_message_at);
