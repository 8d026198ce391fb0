package io.contactsplatform.resolver.resolution;

import java.time.ZoneId;
import java.util.List;

/**
 * Where a call's local time comes from: the zones to check the calling window in, and on what
 * basis. {@link Basis#FALLBACK} and {@link Basis#NONE} mean the contact's own time zone is unknown.
 */
public record TimezonePlacement(List<ZoneId> zones, Basis basis) {

  /** How the zones were found. */
  public enum Basis {
    /** The contact's own time zone. */
    CONTACT,
    /** The contact's candidate zones (ambiguous): the window applies in all of them. */
    CANDIDATES,
    /** A raw number (no contact): the zones of its number. */
    PHONE,
    /** The campaign's fallback time zone. */
    FALLBACK,
    /** No zone at all. */
    NONE
  }

  public TimezonePlacement {
    zones = List.copyOf(zones);
  }

  public boolean unknown() {
    return basis == Basis.FALLBACK || basis == Basis.NONE;
  }
}
