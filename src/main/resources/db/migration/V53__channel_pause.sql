-- An admin can pause reading an account (GET/POST /api/admin/channels/{account}/pause|resume):
-- every instance's poller skips it until resumed, and the pause survives restarts.
ALTER TABLE channel_state ADD COLUMN paused_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE channel_state ADD COLUMN paused_by VARCHAR(100);
