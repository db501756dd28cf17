-- Full-text search (ADR 0020): a term index kept by the transactions that write messages and
-- contacts. A term is a lower-cased, accent-free run of letters and digits (store.SearchTerms).
-- The primary key (term, id) answers a word prefix as an index range; a conversation or contact
-- holds each term once. No foreign key: HSQLDB would add an index on the id for each (a third of
-- the writes), and nothing deletes conversations or contacts.

-- words of a conversation's subject and of all its messages (customer's, agents', notes)
CREATE TABLE conversation_term (
  term VARCHAR(40) NOT NULL,
  conversation_id BIGINT NOT NULL,
  PRIMARY KEY (term, conversation_id)
);

-- words of a contact's name and handles
CREATE TABLE contact_term (
  term VARCHAR(40) NOT NULL,
  contact_id BIGINT NOT NULL,
  PRIMARY KEY (term, contact_id)
);
