-- Sentiment digests read one period's messages at a time: find them by time, not by a full scan.
CREATE INDEX message_sent ON message(sent_at);
