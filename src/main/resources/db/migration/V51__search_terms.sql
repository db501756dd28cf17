-- Full-text search (ADR 0020): a term index kept by the transactions that write messages and
-- contacts. A term is a lower-cased, accent-free run of letters and digits (store.SearchTerms).
-- The primary key (term, conversation_id) answers a word prefix as an index range; a
-- conversation holds each term once. No foreign key: HSQLDB would add an index on
-- conversation_id for it (a third more work per row), and nothing deletes conversations.

-- words of a conversation's subject, of all its messages (customer's, agents', notes) and of its
-- customer's name and handle
CREATE TABLE conversation_term (
  term VARCHAR(40) NOT NULL,
  conversation_id BIGINT NOT NULL,
  PRIMARY KEY (term, conversation_id)
);
