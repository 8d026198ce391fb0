package io.contactsplatform.resolver.readmodel;

import io.contactsplatform.support.kafka.DncChangeChecks;
import io.contactsplatform.events.dnc.change.DncChange;
import io.contactsplatform.events.dnc.change.DncEntryState;
import io.contactsplatform.schemas.InvalidEventException;
import it.unimi.dsi.fastutil.HashCommon;
import it.unimi.dsi.fastutil.longs.Long2ObjectOpenHashMap;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * In-memory view of dnc-changes: per workspace, each number's entries (active or not) and the
 * version they were published with. It is a hot view, not a store: every resolver instance
 * rebuilds it from the compacted topic at startup with a consumer group of its own
 * ({@link ReadModelGroup}), so each instance holds every number and a call-start is resolved
 * without any store round trip. Until the view has caught up, {@link DncReadiness} blocks every
 * call (fail closed).
 *
 * <p>Sized for registry loads: a number is a {@code long} key (its E.164 digits) in one of
 * {@value #SEGMENTS} open-addressing maps per workspace (fastutil), each locked on its own, and
 * the numbers of one applied batch that carry equal state (a registry file's numbers: version 1,
 * one equal entry) share one value object. About 23 bytes per such number instead of ~400 with a
 * string key and an object graph per number, so a 10-million-number registry fits a 1 GB heap.
 *
 * <p>Idempotent by construction: a change replaces a number's state only when its version is
 * newer than the one held. Known limits: memory still grows with the number of DNC numbers;
 * numbers with unique entries (added one by one) cost an object graph each (~200 bytes).
 */
@Component
public class DncReadModel {

  static final int SEGMENTS = 64;

  private final Map<String, Workspace> workspaces = new ConcurrentHashMap<>();
  private final AtomicInteger size = new AtomicInteger();

  private record Held(long version, List<DncEntry> entries) {
  }

  /** One workspace's numbers, spread over segments so that a resize or a batch locks only a part. */
  private static final class Workspace {

    private final Segment[] segments = new Segment[SEGMENTS];

    Workspace() {
      for (int i = 0; i < SEGMENTS; i++) {
        segments[i] = new Segment();
      }
    }

    Segment segment(long number) {
      return segments[(int) (HashCommon.mix(number) & (SEGMENTS - 1))];
    }
  }

  private static final class Segment {

    private final Long2ObjectOpenHashMap<Held> numbers = new Long2ObjectOpenHashMap<>();

    synchronized Held get(long number) {
      return numbers.get(number);
    }

    /** Holds {@code held} unless an equal or newer version is held; true when the number is new. */
    synchronized boolean putIfNewer(long number, Held held) {
      Held old = numbers.get(number);
      if (old == null || held.version() > old.version()) {
        numbers.put(number, held);
      }
      return old == null;
    }
  }

  /**
   * The view's key of an E.164 number: its digits as a {@code long} (E.164 has at most 15 digits
   * and no leading zero, so distinct numbers get distinct keys); -1 for anything else.
   */
  static long key(String e164) {
    if (e164 == null || e164.length() < 2 || e164.length() > 16 || e164.charAt(0) != '+' || e164.charAt(1) == '0') {
      return -1;
    }
    long key = 0;
    for (int i = 1; i < e164.length(); i++) {
      char c = e164.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      key = key * 10 + (c - '0');
    }
    return key;
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
      Map<Held, Held> shared = new HashMap<>();
      for (int i = 0; i < changes.size(); i++) {
        DncChange change = changes.get(i);
        List<DncEntry> entries;
        long number;
        try {
          entries = entriesOf(change);
          number = key(change.getPhoneE164());
        } catch (InvalidEventException e) {
          throw new InvalidChange(i, e.getMessage());
        }
        Held held = shared.computeIfAbsent(new Held(change.getVersion(), entries), h -> h);
        Workspace workspace = workspaces.computeIfAbsent(change.getWorkspaceId(), w -> new Workspace());
        if (workspace.segment(number).putIfNewer(number, held)) {
          size.incrementAndGet();
        }
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
    DncChangeChecks.requireValid(change);
    List<DncEntry> entries = new ArrayList<>(change.getEntries().size());
    for (DncEntryState e : change.getEntries()) {
      entries.add(new DncEntry(e.getScope().name(), e.getCampaignId(), e.getDncSource().name(), e.getReason(),
          e.getCreatedAt(), e.getExpiresAt(), e.getRemovedAt()));
    }
    return List.copyOf(entries);
  }

  /** Every held entry of the number in this workspace (active or not); empty when none. */
  public Mono<List<DncEntry>> entries(String workspaceId, String e164) {
    return Mono.fromSupplier(() -> entriesNow(workspaceId, e164));
  }

  /** The same, without the Mono: a map lookup. */
  public List<DncEntry> entriesNow(String workspaceId, String e164) {
    Held held = held(workspaceId, e164);
    return held == null ? List.of() : held.entries();
  }

  private Held held(String workspaceId, String e164) {
    Workspace workspace = workspaces.get(workspaceId);
    long number = key(e164);
    return workspace == null || number < 0 ? null : workspace.segment(number).get(number);
  }

  /** The held entries of each of these numbers that has any. */
  public Mono<Map<String, List<DncEntry>>> entries(String workspaceId, Collection<String> e164s) {
    return Mono.fromSupplier(() -> {
      Map<String, List<DncEntry>> found = new HashMap<>();
      for (String e164 : e164s) {
        Held held = held(workspaceId, e164);
        if (held != null) {
          found.put(e164, held.entries());
        }
      }
      return found;
    });
  }

  /** How many numbers the view holds (health details). */
  public int size() {
    return size.get();
  }
}
