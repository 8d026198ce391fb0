package io.contactsplatform.contactservice.dncview;

import java.util.List;

/**
 * The DNC view shown on a contact: {@code blocked} when an active workspace-wide entry exists,
 * the {@code sources} of its active entries (any scope) and the campaigns it is blocked for.
 * Read-only here: it never feeds back into DNC entries, so contact-service and dnc-service cannot loop.
 */
public record DncView(boolean blocked, List<String> sources, List<String> blockedCampaigns) {

  public static final DncView NONE = new DncView(false, List.of(), List.of());

  public DncView {
    sources = List.copyOf(sources);
    blockedCampaigns = List.copyOf(blockedCampaigns);
  }
}
