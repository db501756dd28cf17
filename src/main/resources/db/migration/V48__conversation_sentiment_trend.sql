-- A conversation's sentiment trend next to its latest sentiment (conversation.sentiment): the worst
-- customer message so far and the direction of the latest change (improving, worsening, steady).
-- Portable SQL: HSQLDB and PostgreSQL.

ALTER TABLE conversation ADD COLUMN worst_sentiment VARCHAR(10);
ALTER TABLE conversation ADD COLUMN worst_sentiment_score DOUBLE PRECISION;
ALTER TABLE conversation ADD COLUMN sentiment_trend VARCHAR(10);

UPDATE conversation SET worst_sentiment = sentiment, worst_sentiment_score = sentiment_score,
  sentiment_trend = 'steady' WHERE sentiment IS NOT NULL;
