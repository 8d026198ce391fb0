package io.contactsplatform.schemas;

import io.contactsplatform.events.audience.AudienceRow;
import io.contactsplatform.events.call.start.CallStart;
import io.contactsplatform.events.call.variables.AgentVariables;
import io.contactsplatform.events.contact.change.ContactChange;
import io.contactsplatform.events.contact.result.ContactUpsertResult;
import io.contactsplatform.events.contact.upsert.ContactUpsert;
import io.contactsplatform.events.crm.CrmContactUpdate;
import io.contactsplatform.events.dnc.change.DncChange;
import io.contactsplatform.events.dnc.command.DncCommand;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The typed, immutable catalog of every topic in the contract. Keys are always
 * {@code workspaceId + ":" + entity id} so one entity's events stay in order on one partition.
 */
public final class Topics {

  public static final Topic<ContactUpsert> CONTACT_UPSERTS =
      new Topic<>(Names.CONTACT_UPSERTS, ContactUpsert.class, "workspaceId:phoneE164", 3, false);
  public static final Topic<ContactUpsertResult> CONTACT_UPSERT_RESULTS =
      new Topic<>(Names.CONTACT_UPSERT_RESULTS, ContactUpsertResult.class, "workspaceId:importId", 3, false);
  public static final Topic<ContactChange> CONTACT_CHANGES =
      new Topic<>(Names.CONTACT_CHANGES, ContactChange.class, "workspaceId:contactId", 3, true);
  public static final Topic<CrmContactUpdate> CRM_CONTACT_UPDATES =
      new Topic<>(Names.CRM_CONTACT_UPDATES, CrmContactUpdate.class, "workspaceId:externalId", 3, false);
  public static final Topic<DncCommand> DNC_COMMANDS =
      new Topic<>(Names.DNC_COMMANDS, DncCommand.class, "workspaceId:phone", 3, false);
  public static final Topic<DncChange> DNC_CHANGES =
      new Topic<>(Names.DNC_CHANGES, DncChange.class, "workspaceId:phoneE164", 3, true);
  public static final Topic<AudienceRow> AUDIENCE_ROWS =
      new Topic<>(Names.AUDIENCE_ROWS, AudienceRow.class, "workspaceId:campaignId:phoneE164", 3, true);
  public static final Topic<CallStart> CALL_STARTS =
      new Topic<>(Names.CALL_STARTS, CallStart.class, "workspaceId:callId", 3, false);
  public static final Topic<AgentVariables> AGENT_VARIABLES =
      new Topic<>(Names.AGENT_VARIABLES, AgentVariables.class, "workspaceId:callId", 3, false);

  /**
   * The topic names as compile-time constants, for the places Java needs one (annotation
   * attributes such as {@code @KafkaListener(topics = Topics.Names.DNC_CHANGES)}); everywhere
   * else use the typed {@link Topic}s above. {@code *_DLT} are their dead-letter topics.
   */
  public static final class Names {
    public static final String CONTACT_UPSERTS = "contact-upserts";
    public static final String CONTACT_UPSERT_RESULTS = "contact-upsert-results";
    public static final String CONTACT_CHANGES = "contact-changes";
    public static final String CRM_CONTACT_UPDATES = "crm-contact-updates";
    public static final String DNC_COMMANDS = "dnc-commands";
    public static final String DNC_CHANGES = "dnc-changes";
    public static final String AUDIENCE_ROWS = "audience-rows";
    public static final String CALL_STARTS = "call-starts";
    public static final String AGENT_VARIABLES = "agent-variables";
    public static final String CONTACT_UPSERTS_DLT = CONTACT_UPSERTS + Topic.DEAD_LETTER_SUFFIX;

    private Names() {
    }
  }

  /** Every topic of the contract, in a stable order. */
  public static final List<Topic<?>> ALL = List.of(CONTACT_UPSERTS, CONTACT_UPSERT_RESULTS,
      CONTACT_CHANGES, CRM_CONTACT_UPDATES, DNC_COMMANDS, DNC_CHANGES, AUDIENCE_ROWS, CALL_STARTS,
      AGENT_VARIABLES);

  private static final Map<String, Topic<?>> BY_NAME =
      ALL.stream().collect(Collectors.toUnmodifiableMap(Topic::name, Function.identity()));

  private Topics() {
  }

  /** The topic with this name, if it is part of the contract. */
  public static Optional<Topic<?>> byName(String name) {
    return Optional.ofNullable(BY_NAME.get(name));
  }

  /** The record key for an entity: {@code workspaceId:entityId}. */
  public static String key(String workspaceId, String entityId) {
    return workspaceId + ":" + entityId;
  }
}
