-- Satisfaction surveys (CSAT) and what the KPI queries need. Portable SQL: HSQLDB and PostgreSQL.

-- One row per resolved conversation: the invitation goes out at most once (status due -> sent, or
-- skipped with the reason), and the customer's 1-5 rating and comment are recorded at most once.
CREATE TABLE csat_survey (
  conversation_id BIGINT NOT NULL PRIMARY KEY REFERENCES conversation(id),
  status VARCHAR(10) NOT NULL,
  due_at TIMESTAMP WITH TIME ZONE NOT NULL,
  channel VARCHAR(20),
  message_id BIGINT REFERENCES message(id),
  skip_reason VARCHAR(500),
  invited_at TIMESTAMP WITH TIME ZONE,
  rating INTEGER,
  rated_at TIMESTAMP WITH TIME ZONE,
  rating_comment VARCHAR(2000),
  commented_at TIMESTAMP WITH TIME ZONE,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL,
  CONSTRAINT csat_survey_status CHECK (status IN ('due', 'sent', 'skipped')),
  CONSTRAINT csat_survey_rating CHECK (rating IS NULL OR (rating >= 1 AND rating <= 5))
);
CREATE INDEX csat_survey_due ON csat_survey(status, due_at);
CREATE INDEX csat_survey_rated ON csat_survey(rated_at);
CREATE INDEX csat_survey_message ON csat_survey(message_id);

-- Keys the instance generates once and every instance shares (the CSAT link signing key when
-- none is configured).
CREATE TABLE app_secret (
  name VARCHAR(100) NOT NULL PRIMARY KEY,
  secret_value VARCHAR(200) NOT NULL,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL
);

-- KPIs find resolutions and assignments by kind and time.
CREATE INDEX conversation_activity_kind ON conversation_activity(kind, created_at);
