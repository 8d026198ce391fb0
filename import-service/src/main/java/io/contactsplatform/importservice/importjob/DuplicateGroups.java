package io.contactsplatform.importservice.importjob;

import java.util.HashMap;
import java.util.Map;

/**
 * The second pass's in-file merging: rows whose number occurs once are sent as they come; rows
 * of a number that occurs several times are merged in file order ({@link InFileMerge}) and sent
 * once, under the first accepted row's number, when the number's last row is read (even if that
 * row itself is rejected). Only the groups still open are held in memory.
 */
final class DuplicateGroups {

  private final PhoneIndex phones;
  private final Map<Long, RowOutcome.Accepted> open = new HashMap<>();

  DuplicateGroups(PhoneIndex phones) {
    this.phones = phones;
  }

  /**
   * What one row means: {@code accepted} (a new contact to send, now or when its group closes),
   * {@code merged} (folded into an earlier row), and {@code send} (the row or group to send now).
   */
  record Step(boolean accepted, boolean merged, RowOutcome.Accepted send) {
  }

  Step add(long rowNumber, RowOutcome outcome) {
    long key = phones.key(rowNumber);
    long last = phones.lastRowOfDuplicate(key);
    long group = PhoneKeys.dedupeKey(key);
    boolean accepted = false;
    boolean merged = false;
    RowOutcome.Accepted send = null;
    if (outcome instanceof RowOutcome.Accepted row) {
      if (last == 0) {
        accepted = true;
        send = row;
      } else if (open.containsKey(group)) {
        merged = true;
        open.merge(group, row, InFileMerge::merge);
      } else {
        accepted = true;
        open.put(group, row);
      }
    }
    if (last != 0 && rowNumber == last) {
      RowOutcome.Accepted done = open.remove(group);
      if (done != null) {
        send = done;
      }
    }
    return new Step(accepted, merged, send);
  }

  /** True when the row's number occurs more than once (so a resumed pass must replay it). */
  boolean grouped(long rowNumber) {
    return phones.lastRowOfDuplicate(phones.key(rowNumber)) != 0;
  }
}
