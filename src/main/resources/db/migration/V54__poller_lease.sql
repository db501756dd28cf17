-- Several instances on one database: each channel account is read by one of them at a time, the
-- holder of its lease (renewed while it runs; taken over by another instance once expired).
CREATE TABLE poller_lease (
  account VARCHAR(100) NOT NULL PRIMARY KEY,
  holder VARCHAR(200) NOT NULL,
  expires_at TIMESTAMP WITH TIME ZONE NOT NULL
);
