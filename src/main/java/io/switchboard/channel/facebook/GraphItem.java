package io.switchboard.channel.facebook;

import java.time.Instant;

/**
 * One comment or message read from the Graph API, wrapped for ingest.
 *
 * @param ours written by our own Page or Instagram account
 * @param broken lacking an id or a creation time: passed on once for quarantine, never a cursor
 * @param raw the JSON envelope the normalizer reads (see {@link FacebookNormalizer})
 */
public record GraphItem(String id, Instant time, boolean ours, boolean broken, String sourceRef, byte[] raw)
    implements TimeCursor.Timed {}
