package io.contactsplatform.contactservice.segment;

import java.time.Instant;
import java.util.List;

/**
 * A saved audience. DYNAMIC: a filter plus free-text search, evaluated live. STATIC: an explicit,
 * ordered list of contact ids (stored in {@link MemberChunks}; {@code memberCount} ids), e.g. a
 * snapshot of a dynamic segment frozen for a campaign launch ({@code snapshotOf}, {@code snapshotAt}).
 * {@code customFieldsUsed} lists the custom fields its filter reads.
 */
public record Segment(
    String id,
    String name,
    String description,
    Type type,
    Object filter,
    String search,
    Long memberCount,
    String snapshotOf,
    Instant snapshotAt,
    List<String> customFieldsUsed,
    Instant createdAt,
    Instant updatedAt) {

  /** How membership is decided. */
  public enum Type { DYNAMIC, STATIC }

  public Segment {
    customFieldsUsed = customFieldsUsed == null ? List.of() : List.copyOf(customFieldsUsed);
  }
}
