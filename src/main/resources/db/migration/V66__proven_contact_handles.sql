-- contact_handle.verified (V59) is now set by ingest (ADR 0045): X, Facebook and Instagram name the
-- author by the id of the account the platform signed in, so those identities are proven; an
-- email's From address is not (Switchboard does not check SPF/DKIM). Rows stored before are marked
-- the same way.
UPDATE contact_handle SET verified = TRUE WHERE channel <> 'email';
