-- A scheduled run (the sentiment digest) claimed by an instance that dies before finishing is taken
-- over by another once the claim expires (ADR 0038): the claim gets an expiry and a finish time,
-- and each recipient a row once the run reached it, so a run taken over skips those already reached.
-- Cluster leadership for Camel's master: routes uses poller_lease under a 'master:' key.
ALTER TABLE job_run ADD COLUMN expires_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE job_run ADD COLUMN done_at TIMESTAMP WITH TIME ZONE;
UPDATE job_run SET done_at = claimed_at, expires_at = claimed_at;
CREATE TABLE job_run_recipient (
  job VARCHAR(100) NOT NULL,
  run_key VARCHAR(200) NOT NULL,
  recipient VARCHAR(320) NOT NULL,
  instance VARCHAR(200) NOT NULL,
  reached_at TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (job, run_key, recipient)
);
