package io.contactsplatform.dncservice.dnc;

import java.time.Instant;
import java.util.List;

/** A number on the list: blocked workspace-wide or not, its version and every entry it ever had. */
record DncNumberView(String phone, boolean blocked, long version, List<DncEntryView> entries) {

  static DncNumberView of(DncNumber number, Instant now) {
    return new DncNumberView(number.phoneE164(), number.blockedFor(null, now), number.version(),
        number.entries().stream().map(e -> DncEntryView.of(e, number.phoneE164(), now)).toList());
  }
}
