package io.contactsplatform.resolver.campaign;

/**
 * One saved version of a campaign config: the config (its {@code updatedAt} is when this version
 * was saved), the version number (1 for the first save), who saved it and a one-line summary of
 * what changed from the version before. Versions are immutable once saved.
 */
record VersionedConfig(CampaignConfig config, long version, String actor, String summary) {
}
