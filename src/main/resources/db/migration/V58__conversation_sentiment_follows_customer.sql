-- A conversation's sentiment follows the customer, not the last line (ADR 0028): a complaint keeps
-- it negative until the customer says they are satisfied (positive, score >= 0.8). The latest
-- customer message's own sentiment, which conversation.sentiment held until now, moves to
-- latest_sentiment (the sentiment trend's "latest").
-- Existing conversations are replayed from their messages' sentiments (complaint events were not
-- stored, so only negative messages count as complaints here): a conversation is negative when its
-- latest negative customer message has no satisfied customer message after it.
-- Portable SQL: HSQLDB and PostgreSQL.

ALTER TABLE conversation ADD COLUMN latest_sentiment VARCHAR(10);
ALTER TABLE conversation ADD COLUMN latest_sentiment_score DOUBLE PRECISION;

UPDATE conversation SET latest_sentiment = sentiment, latest_sentiment_score = sentiment_score;

UPDATE conversation SET sentiment = 'negative',
  sentiment_score = (SELECT MAX(n.sentiment_score) FROM message n WHERE n.conversation_id = conversation.id
    AND n.direction = 'in' AND n.sentiment = 'negative'
    AND NOT EXISTS (SELECT 1 FROM message p WHERE p.conversation_id = conversation.id AND p.direction = 'in'
      AND p.id > n.id AND p.sentiment = 'positive' AND p.sentiment_score >= 0.8))
WHERE EXISTS (SELECT 1 FROM message n WHERE n.conversation_id = conversation.id
    AND n.direction = 'in' AND n.sentiment = 'negative'
    AND NOT EXISTS (SELECT 1 FROM message p WHERE p.conversation_id = conversation.id AND p.direction = 'in'
      AND p.id > n.id AND p.sentiment = 'positive' AND p.sentiment_score >= 0.8));
