package io.contactsplatform.dncservice.dnc;

import java.util.List;

/**
 * Answer of {@code GET /v1/dnc/check}: whether a call to {@code phone} for {@code campaignId}
 * (null: workspace-wide entries only) is blocked, and the active entries that block it.
 */
record DncCheckView(String phone, String campaignId, boolean blocked, List<DncEntryView> matchingEntries) {
}
