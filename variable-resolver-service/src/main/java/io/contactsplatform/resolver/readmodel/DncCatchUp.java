package io.contactsplatform.resolver.readmodel;

import java.util.Map;

/**
 * The pure catch-up rule of the DNC read model: it has caught up with a sample of end offsets
 * once, for every partition of dnc-changes, the group's committed offset or the offset of the last
 * applied record + 1 has reached the partition's end offset in the sample. An empty partition (end offset 0) is caught
 * up immediately; no end offsets at all means "not known yet", never "caught up" (fail closed).
 */
final class DncCatchUp {

  private DncCatchUp() {
  }

  static boolean caughtUp(Map<Integer, Long> endOffsets, Map<Integer, Long> committed,
                          Map<Integer, Long> lastApplied) {
    if (endOffsets == null || endOffsets.isEmpty()) {
      return false;
    }
    for (Map.Entry<Integer, Long> end : endOffsets.entrySet()) {
      if (position(end.getKey(), committed, lastApplied) < end.getValue()) {
        return false;
      }
    }
    return true;
  }

  /** How far the read model provably is in one partition: the next offset it will read. */
  static long position(int partition, Map<Integer, Long> committed, Map<Integer, Long> lastApplied) {
    Long commit = committed.get(partition);
    Long applied = lastApplied.get(partition);
    return Math.max(commit == null ? 0L : commit, applied == null ? 0L : applied + 1);
  }
}
