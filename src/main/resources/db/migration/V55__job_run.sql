-- Scheduled jobs that several instances run on the same schedule (the sentiment digest): the first
-- instance to insert a run's key does it, the others skip it.
CREATE TABLE job_run (
  job VARCHAR(100) NOT NULL,
  run_key VARCHAR(200) NOT NULL,
  instance VARCHAR(200) NOT NULL,
  claimed_at TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (job, run_key)
);
