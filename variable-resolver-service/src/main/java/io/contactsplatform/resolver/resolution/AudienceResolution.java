package io.contactsplatform.resolver.resolution;

import io.contactsplatform.events.call.variables.ResolutionStatus;
import io.contactsplatform.resolver.campaign.CampaignConfig;
import io.contactsplatform.resolver.readmodel.ContactSnapshot;
import io.contactsplatform.resolver.state.StateFacts;
import io.contactsplatform.resolver.state.StateQueries;
import io.contactsplatform.support.phone.ParsedPhone;
import io.contactsplatform.support.phone.PhoneNumbers;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * The resolution of a whole audience, batch by batch, for readiness reports: the same
 * {@link Resolver} a call-start gets (no runtime variables), with the state of a batch's numbers
 * read in one pass ({@link StateQueries}: local stores, or one request per other instance that
 * owns some of them). Members are numbers (an import's audience) or contact ids (a segment: the
 * contact by id first, then its number's state); a contact id the state does not hold is
 * BLOCKED_UNKNOWN_CONTACT.
 */
@Service
public class AudienceResolution {

  static final String CALL_ID = "readiness";

  private final StateQueries state;

  AudienceResolution(StateQueries state) {
    this.state = state;
  }

  /** One member's answer, and whether its contact's own time zone is unknown (fallback or none). */
  public record Outcome(Resolution resolution, boolean timezoneUnknown) {
  }

  /** Resolves audience members given by number. */
  public Mono<List<Outcome>> byPhones(String workspaceId, CampaignConfig campaign, List<String> phones, Instant at,
                                      String authorization) {
    return state.phones(workspaceId, phones, audienceOf(campaign), authorization).map(facts -> {
      List<Outcome> outcomes = new ArrayList<>(phones.size());
      for (String phone : phones) {
        StateFacts f = facts.get(phone);
        outcomes.add(outcome(workspaceId, campaign, phone, null, f == null ? null : f.contactSnapshot(null), f, at));
      }
      return outcomes;
    });
  }

  /** Resolves audience members given by contact id. */
  public Mono<List<Outcome>> byContactIds(String workspaceId, CampaignConfig campaign, List<String> contactIds,
                                          Instant at, String authorization) {
    return state.contacts(workspaceId, contactIds, authorization).flatMap(changes -> {
      Map<String, ContactSnapshot> found = new LinkedHashMap<>();
      changes.forEach((id, bytes) -> {
        ContactSnapshot snapshot = StateFacts.snapshot(bytes);
        if (snapshot != null) {
          found.put(id, snapshot);
        }
      });
      List<String> phones = found.values().stream().map(ContactSnapshot::phoneE164).distinct().toList();
      return state.phones(workspaceId, phones, audienceOf(campaign), authorization).map(facts -> {
        List<Outcome> outcomes = new ArrayList<>(contactIds.size());
        for (String id : contactIds) {
          ContactSnapshot contact = found.get(id);
          outcomes.add(contact == null ? unknown(campaign, id)
              : outcome(workspaceId, campaign, contact.phoneE164(), id, contact, facts.get(contact.phoneE164()), at));
        }
        return outcomes;
      });
    });
  }

  private static String audienceOf(CampaignConfig campaign) {
    return campaign.usesAudienceRows() ? campaign.campaignId() : null;
  }

  private static Outcome outcome(String ws, CampaignConfig campaign, String e164, String contactId,
                                 ContactSnapshot contact, StateFacts facts, Instant at) {
    ResolutionRequest request = new ResolutionRequest(ws, CALL_ID, null, campaign.campaignId(), e164, contactId,
        Map.of());
    if (facts == null || facts.unavailable() != null) {
      return new Outcome(Resolver.failure(request, facts == null ? StateQueries.NOT_RUNNING : facts.unavailable()),
          false);
    }
    ParsedPhone phone = contact != null ? new ParsedPhone(e164, null, List.of())
        : PhoneNumbers.parse(e164, null).orElse(null);
    Resolution r = Resolver.resolve(request, phone, new ResolutionFacts(campaign, contact, facts.dncUncertainty(),
        facts.dncEntries(), campaign.usesAudienceRows() ? facts.audienceColumns() : null), at);
    return new Outcome(r, Resolver.placement(contact, phone, campaign).unknown());
  }

  private static Outcome unknown(CampaignConfig campaign, String contactId) {
    return new Outcome(new Resolution(CALL_ID, null, campaign.campaignId(), contactId, null,
        ResolutionStatus.BLOCKED_UNKNOWN_CONTACT,
        "contact " + contactId + " is not a known active contact in this workspace (yet)", null, Map.of(),
        List.of(), List.of(), List.of()), false);
  }
}
