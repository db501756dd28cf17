/**
 * The bottom of the package graph: small helpers every layer may use, importing nothing of the
 * project.
 *
 * <ul>
 *   <li>{@link io.switchboard.util.Backoff}: the one exponential backoff of every poller and sender,
 *       on Failsafe's retry policy semantics;
 *   <li>{@link io.switchboard.util.KeyedRuns}: rows in order per key, keys in parallel, for the
 *       workflow events and webhook deliveries outboxes;
 *   <li>{@link io.switchboard.util.TextFold}: the one accent and case fold of search, complaint
 *       themes and templates.
 * </ul>
 *
 * Plain Java, no Camel; every class is thread-safe, and all but {@code KeyedRuns} (which owns a
 * thread pool) are immutable.
 */
package io.switchboard.util;
