package io.contactsplatform.resolver.readmodel;

import io.contactsplatform.events.dnc.change.DncChange;
import io.contactsplatform.events.dnc.change.DncEntryState;
import io.contactsplatform.events.dnc.change.DncScope;
import io.contactsplatform.schemas.InvalidEventException;
import io.contactsplatform.support.phone.PhoneNumbers;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * In-memory view of dnc-changes, keyed {@code workspace|E.164}, holding every entry of each
 * number (active or not) and the version it was published with. It is a hot view, not a store:
 * every resolver instance rebuilds it from the compacted topic at startup with a consumer group
 * of its own ({@link ReadModelGroup}), so each instance holds every number and a call-start is
 * resolved without any store round trip. Until the view has caught up, {@link DncReadiness} blocks
 * every call (fail closed).
 *
 * <p>Idempotent by construction: a change replaces a number's state only when its version is
 * newer than the one held. Known limit: memory grows with the number of DNC numbers (about
 * 0.4 KB each with one entry; size the heap for the registry, e.g. 1 GB for 2 million numbers).
 */
@Component
public class DncReadModel {

  private final Map<String, Held> numbers = new ConcurrentHashMap<>();

  private record Held(long version, List<DncEntry> entries) {
  }

  static String key(String workspaceId, String e164) {
    return workspaceId + "|" + e164;
  }

  /** Applies a change unless an equal or newer version is held. */
  public Mono<Void> apply(DncChange change) {
    return apply(List.of(change));
  }

  /**
   * Applies changes in order, each unless an equal or newer version is held. At the first change
   * that breaks the contract it has applied those before it and fails with {@link InvalidChange}
   * naming its index.
   */
  public Mono<Void> apply(List<DncChange> changes) {
    return Mono.fromRunnable(() -> {
      for (int i = 0; i < changes.size(); i++) {
        DncChange change = changes.get(i);
        List<DncEntry> entries;
        try {
          entries = entriesOf(change);
        } catch (InvalidEventException e) {
          throw new InvalidChange(i, e.getMessage());
        }
        Held held = new Held(change.getVersion(), entries);
        numbers.merge(key(change.getWorkspaceId(), change.getPhoneE164()), held,
            (old, now) -> now.version() > old.version() ? now : old);
      }
    });
  }

  /** A change at {@code index} of a batch that breaks the contract; the changes before it were applied. */
  public static final class InvalidChange extends InvalidEventException {
    private final int index;

    InvalidChange(int index, String message) {
      super(message);
      this.index = index;
    }

    public int index() {
      return index;
    }
  }

  private static List<DncEntry> entriesOf(DncChange change) {
    String e164 = change.getPhoneE164();
    if (change.getWorkspaceId() == null || change.getWorkspaceId().isBlank()) {
      throw new InvalidEventException("DncChange has no workspaceId");
    }
    if (e164 == null || !e164.equals(PhoneNumbers.toE164(e164, null).orElse(null))) {
      throw new InvalidEventException("DncChange phoneE164 is not valid E.164");
    }
    List<DncEntry> entries = new ArrayList<>(change.getEntries().size());
    for (DncEntryState e : change.getEntries()) {
      if (e.getScope() == DncScope.CAMPAIGN && (e.getCampaignId() == null || e.getCampaignId().isBlank())) {
        throw new InvalidEventException("DncChange entry " + e.getEntryId() + " has CAMPAIGN scope but no campaignId");
      }
      entries.add(new DncEntry(e.getEntryId(), e.getScope().name(), e.getCampaignId(), e.getDncSource().name(),
          e.getReason(), e.getCreatedAt(), e.getExpiresAt(), e.getRemovedAt()));
    }
    return List.copyOf(entries);
  }

  /** Every held entry of the number in this workspace (active or not); empty when none. */
  public Mono<List<DncEntry>> entries(String workspaceId, String e164) {
    return Mono.fromSupplier(() -> entriesNow(workspaceId, e164));
  }

  /** The same, without the Mono: a map lookup. */
  public List<DncEntry> entriesNow(String workspaceId, String e164) {
    Held held = numbers.get(key(workspaceId, e164));
    return held == null ? List.of() : held.entries();
  }

  /** The held entries of each of these numbers that has any. */
  public Mono<Map<String, List<DncEntry>>> entries(String workspaceId, Collection<String> e164s) {
    return Mono.fromSupplier(() -> {
      Map<String, List<DncEntry>> found = new HashMap<>();
      for (String e164 : e164s) {
        Held held = numbers.get(key(workspaceId, e164));
        if (held != null) {
          found.put(e164, held.entries());
        }
      }
      return found;
    });
  }

  /** How many numbers the view holds (health details). */
  public int size() {
    return numbers.size();
  }
}
