package io.contactsplatform.support.lease;

import java.time.Instant;

/**
 * One stint of a background job on one instance, as kept in the job's owner history
 * ({@link JobOwners}): who claimed it ({@code owner}, the lease owner id), when, the job's position
 * then ({@code from}: rows read, contacts processed, in the job's own unit), how far it got
 * ({@code done} more, counted at each checkpoint it saved) and when it saved its last checkpoint
 * ({@code lastCheckpointAt}, null before the first).
 */
public record JobOwner(String owner, Instant claimedAt, long from, long done, Instant lastCheckpointAt) {
}
