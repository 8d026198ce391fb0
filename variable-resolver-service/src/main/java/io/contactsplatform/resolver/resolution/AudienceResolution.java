package io.contactsplatform.resolver.resolution;

import io.contactsplatform.events.call.variables.ResolutionStatus;
import io.contactsplatform.resolver.campaign.CampaignConfig;
import io.contactsplatform.resolver.readmodel.AudienceRowStore;
import io.contactsplatform.resolver.readmodel.ContactReadModel;
import io.contactsplatform.resolver.readmodel.ContactSnapshot;
import io.contactsplatform.resolver.readmodel.ContactViewLoad;
import io.contactsplatform.resolver.readmodel.DncEntry;
import io.contactsplatform.resolver.readmodel.DncReadModel;
import io.contactsplatform.resolver.readmodel.DncReadiness;
import io.contactsplatform.support.phone.ParsedPhone;
import io.contactsplatform.support.phone.PhoneNumbers;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * The resolution of a whole audience, batch by batch, for readiness reports: the same
 * {@link Resolver} a call-start gets (no runtime variables), with the facts of a batch read in one
 * {@code $in} query per collection instead of one read per member. Members are numbers (an
 * import's audience) or contact ids (a segment); a contact id the read model does not hold is
 * BLOCKED_UNKNOWN_CONTACT.
 */
@Service
public class AudienceResolution {

  static final String CALL_ID = "readiness";

  private final ContactReadModel contacts;
  private final DncReadModel dnc;
  private final DncReadiness readiness;
  private final ContactViewLoad contactLoad;
  private final AudienceRowStore audience;

  AudienceResolution(ContactReadModel contacts, DncReadModel dnc, DncReadiness readiness, ContactViewLoad contactLoad,
                     AudienceRowStore audience) {
    this.contacts = contacts;
    this.contactLoad = contactLoad;
    this.dnc = dnc;
    this.readiness = readiness;
    this.audience = audience;
  }

  /** One member's answer, and whether its contact's own time zone is unknown (fallback or none). */
  public record Outcome(Resolution resolution, boolean timezoneUnknown) {
  }

  /** Resolves audience members given by number. */
  public Mono<List<Outcome>> byPhones(String workspaceId, CampaignConfig campaign, List<String> phones, Instant at) {
    if (!contactLoad.isLoaded()) {
      return Mono.just(phones.stream().map(p -> notLoaded(workspaceId, campaign, p, null)).toList());
    }
    return contacts.byPhones(workspaceId, phones).collectMap(ContactSnapshot::phoneE164, Function.identity())
        .flatMap(found -> resolve(workspaceId, campaign, phones.stream()
            .map(phone -> new Member(phone, found.get(phone), null)).toList(), at));
  }

  /** Resolves audience members given by contact id. */
  public Mono<List<Outcome>> byContactIds(String workspaceId, CampaignConfig campaign, List<String> contactIds,
                                          Instant at) {
    if (!contactLoad.isLoaded()) {
      return Mono.just(contactIds.stream().map(id -> notLoaded(workspaceId, campaign, null, id)).toList());
    }
    return contacts.byIds(workspaceId, contactIds).collectMap(ContactSnapshot::contactId, Function.identity())
        .flatMap(found -> resolve(workspaceId, campaign, contactIds.stream()
            .map(id -> found.containsKey(id) ? new Member(found.get(id).phoneE164(), found.get(id), id)
                : new Member(null, null, id)).toList(), at));
  }

  private record Member(String phoneE164, ContactSnapshot contact, String contactId) {
  }

  private Mono<List<Outcome>> resolve(String ws, CampaignConfig campaign, List<Member> members, Instant at) {
    String dncUncertainty = readiness.uncertainty();
    Set<String> phones = members.stream().map(Member::phoneE164).filter(p -> p != null)
        .collect(Collectors.toCollection(LinkedHashSet::new));
    if (phones.isEmpty()) {
      return Mono.just(members.stream().map(m -> unknown(campaign, m)).toList());
    }
    Mono<Map<String, Map<String, String>>> columns = campaign.usesAudienceRows()
        ? audience.columns(ws, campaign.campaignId(), phones) : Mono.just(Map.of());
    return Mono.zip(dnc.entries(ws, phones), columns)
        .map(facts -> {
          Map<String, List<DncEntry>> entries = facts.getT1();
          Map<String, Map<String, String>> rows = facts.getT2();
          List<Outcome> outcomes = new ArrayList<>(members.size());
          for (Member m : members) {
            if (m.phoneE164() == null) {
              outcomes.add(unknown(campaign, m));
              continue;
            }
            ResolutionRequest request = new ResolutionRequest(ws, CALL_ID, null, campaign.campaignId(), m.phoneE164(),
                m.contactId(), Map.of());
            ParsedPhone phone = m.contact() != null ? new ParsedPhone(m.phoneE164(), null, List.of())
                : PhoneNumbers.parse(m.phoneE164(), null).orElse(null);
            Resolution r = Resolver.resolve(request, phone, new ResolutionFacts(campaign, m.contact(), dncUncertainty,
                entries.getOrDefault(m.phoneE164(), List.of()), rows.get(m.phoneE164())), at);
            outcomes.add(new Outcome(r, Resolver.placement(m.contact(), phone, campaign).unknown()));
          }
          return outcomes;
        });
  }

  private static Outcome notLoaded(String ws, CampaignConfig campaign, String phone, String contactId) {
    ResolutionRequest request = new ResolutionRequest(ws, CALL_ID, null, campaign.campaignId(), phone, contactId,
        Map.of());
    return new Outcome(Resolver.failure(request, ContactViewLoad.NOT_LOADED), false);
  }

  private static Outcome unknown(CampaignConfig campaign, Member m) {
    return new Outcome(new Resolution(CALL_ID, null, campaign.campaignId(), m.contactId(), null,
        ResolutionStatus.BLOCKED_UNKNOWN_CONTACT,
        "contact " + m.contactId() + " is not a known active contact in this workspace (yet)", null, Map.of(),
        List.of(), List.of(), List.of()), false);
  }
}
