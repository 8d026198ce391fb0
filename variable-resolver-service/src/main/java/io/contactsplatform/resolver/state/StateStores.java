package io.contactsplatform.resolver.state;

import io.contactsplatform.schemas.Topics;

/**
 * Names and keys of the resolver's Kafka Streams state stores (RocksDB on disk, each with a
 * changelog topic {@code <application.id>-<store>-changelog}). Every store of the call-start
 * sub-topology is keyed by (workspace, E.164), so one partition number holds a number's contact,
 * DNC state, audience rows and the answers of the calls to it; {@link #CONTACTS_BY_ID} is keyed by
 * the contact-changes key and lives in its own sub-topology.
 */
public final class StateStores {

  /** {@code workspace:contactId} → the contact's newest ContactChange (tombstones kept for the version guard). */
  public static final String CONTACTS_BY_ID = "contacts-by-id";
  /** {@code workspace:E164} → the ContactChange of the contact holding the number. */
  public static final String CONTACTS_BY_PHONE = "contacts-by-phone";
  /** {@code workspace:E164} → the number's newest DncChange. */
  public static final String DNC = "dnc";
  /** {@code workspace:E164|campaignId} → the number's AudienceRow in that campaign. */
  public static final String AUDIENCE = "audience";
  /** {@code workspace|importId|<row number, 19 digits, or ~>|E164} → campaignId: an import's numbers in row order. */
  public static final String AUDIENCE_IMPORTS = "audience-imports";
  /** {@code workspace:callId} → 8-byte answer time (epoch ms) + the AgentVariables published for the call. */
  public static final String ANSWERS = "answers";

  /** Repartition topics ({@code <application.id>-<name>-repartition}), keyed {@code workspace:E164}. */
  static final String CALL_STARTS_BY_PHONE = "call-starts-by-phone";
  static final String CONTACTS_TO_PHONE = "contact-changes-by-phone";
  static final String AUDIENCE_BY_PHONE = "audience-rows-by-phone";

  private StateStores() {
  }

  /** The key of a number's state: {@code workspace:E164}. */
  public static String phoneKey(String workspaceId, String e164) {
    return Topics.key(workspaceId, e164);
  }

  /** The key of a number's row in one campaign's audience. */
  public static String audienceKey(String workspaceId, String e164, String campaignId) {
    return phoneKey(workspaceId, e164) + "|" + campaignId;
  }

  /** The prefix of every row of one import. */
  public static String importPrefix(String workspaceId, String importId) {
    return workspaceId + "|" + importId + "|";
  }

  /** One import row's key: numbered rows sort by number, unnumbered ones after them by number. */
  static String importRowKey(String workspaceId, String importId, Long rowNumber, String e164) {
    return importPrefix(workspaceId, importId) + (rowNumber == null ? "~" : String.format("%019d", rowNumber))
        + "|" + e164;
  }
}
