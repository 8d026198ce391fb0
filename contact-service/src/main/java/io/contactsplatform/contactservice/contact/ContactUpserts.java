package io.contactsplatform.contactservice.contact;

import io.contactsplatform.contactservice.customfield.CustomFieldDefinition;
import io.contactsplatform.contactservice.customfield.CustomFieldStore;
import io.contactsplatform.contactservice.dncview.DncState;
import io.contactsplatform.contactservice.dncview.DncViewStore;
import io.contactsplatform.events.contact.upsert.ContactUpsert;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Applies contact-upserts in batches (see {@link UpsertBatch} for the rules). Per batch: one
 * {@code $in} for the keys, one for the contacts they point at, one query per workspace for the
 * custom field definitions; then an ordered insert of the new keys, one insert of the new
 * contacts and one ordered bulk write of the updated ones (conditional on the version read), and
 * the DNC state of new contacts read after their write. Only then are changes (in version order
 * per contact) and answers published. A batch of new numbers skips the lookups (see
 * {@link #prepare}). Measured figures: the contacts benchmark.
 *
 * <p>No lost contact-changes: nothing is acknowledged before its publishes succeed. A failed
 * publish fails the batch at the first upsert not fully published ({@link Failure#index()}); the
 * redelivered upserts are recognised by event id, change nothing, re-publish the current state
 * and answer with their original outcome. A write that loses a race (another writer claimed a
 * number or changed a contact since it was read) makes the batch fall back to one upsert at a
 * time, re-reading before each attempt.
 */
@Service
public class ContactUpserts {

  private static final Logger log = LoggerFactory.getLogger(ContactUpserts.class);
  private static final int ATTEMPTS_PER_UPSERT = 3;

  private final ContactStore store;
  private final UpsertEventSender sender;
  private final CustomFieldStore customFields;
  private final DncViewStore dnc;
  private final int partSize;

  ContactUpserts(ContactStore store, UpsertEventSender sender, CustomFieldStore customFields, DncViewStore dnc,
                 @Value("${platform.contacts.upserts.part-size:1000}") int partSize) {
    this.store = store;
    this.sender = sender;
    this.customFields = customFields;
    this.dnc = dnc;
    this.partSize = partSize;
  }

  /** The batch failed at {@code index}: every upsert before it is applied and answered. */
  public static final class Failure extends RuntimeException {

    private final int index;

    Failure(int index, Throwable cause) {
      super("upsert #" + index + " of the batch failed: " + cause, cause);
      this.index = index;
    }

    public int index() {
      return index;
    }
  }

  /**
   * Applies {@code upserts} in order; fails with {@link Failure} naming the first upsert not done.
   * The batch is worked in parts of {@code platform.contacts.upserts.part-size}: part k+1 is
   * written while part k publishes (publishes stay in part order), so the store is not idle while
   * the broker acknowledges.
   */
  public Mono<Void> apply(List<ContactUpsert> upserts) {
    if (upserts.isEmpty()) {
      return Mono.empty();
    }
    long started = System.nanoTime();
    List<List<ContactUpsert>> parts = new ArrayList<>();
    for (int from = 0; from < upserts.size(); from += partSize) {
      parts.add(upserts.subList(from, Math.min(upserts.size(), from + partSize)));
    }
    return pipeline(parts, 0, 0, Mono.empty())
        .doOnSuccess(done -> log.debug("applied {} upserts in {} ms", upserts.size(),
            (System.nanoTime() - started) / 1_000_000));
  }

  /** Writes part {@code p} once {@code publishing} (the previous parts' publishes) is under way, then goes on. */
  private Mono<Void> pipeline(List<List<ContactUpsert>> parts, int p, int base, Mono<Void> publishing) {
    if (p == parts.size()) {
      return publishing;
    }
    List<ContactUpsert> part = parts.get(p);
    return prepare(part, base).materialize().flatMap(signal -> {
      if (signal.isOnNext()) {
        Mono<Void> published = publishing.then(tmpTime("publish", publish(signal.get()))).cache();
        published.subscribe(null, e -> { });
        return pipeline(parts, p + 1, base + part.size(), published);
      }
      Throwable error = signal.getThrowable();
      if (error instanceof ContactStore.WriteConflict conflict) {
        log.info("upserts lost a write race ({}); applying the rest one at a time", conflict.getMessage());
        List<ContactUpsert> rest = new ArrayList<>();
        parts.subList(p, parts.size()).forEach(rest::addAll);
        return publishing.then(Flux.range(0, rest.size()).concatMap(i -> applyOne(rest.get(i), base + i, 1)).then());
      }
      return publishing.then(Mono.error(error));
    });
  }

  private Mono<Void> applyOne(ContactUpsert upsert, int index, int attempt) {
    return written(List.of(upsert), index, false)
        .flatMap(this::publish)
        .onErrorResume(ContactStore.WriteConflict.class, conflict -> attempt < ATTEMPTS_PER_UPSERT
            ? applyOne(upsert, index, attempt + 1)
            : Mono.error(new Failure(index, conflict)));
  }

  /**
   * Plans and writes a part whose first upsert is number {@code base} of the listener's batch.
   * Optimistic first when no upsert carries an external id: the part is planned as if every
   * number were new and the phone keys are claimed straight away, which for a fresh import
   * leaves exactly the writes the store must do (keys and contacts) and no lookup. The first
   * key already held ends that attempt; keys claimed before it point at contacts not yet
   * written, which the looked-up attempt then creates under those ids.
   */
  private Mono<UpsertBatch> prepare(List<ContactUpsert> upserts, int base) {
    boolean optimistic = upserts.stream().allMatch(u -> u.getContact().getExternalId() == null);
    return (optimistic ? written(upserts, base, true) : Mono.<UpsertBatch>error(new OptimisticMiss()))
        .onErrorResume(OptimisticMiss.class, miss -> {
          log.debug("{} upserts include known numbers or external ids; looking them up", upserts.size());
          return written(upserts, base, false);
        });
  }

  private Mono<UpsertBatch> written(List<ContactUpsert> upserts, int base, boolean optimistic) {
    Instant now = Contact.now();
    Set<String> workspaces = new LinkedHashSet<>();
    upserts.forEach(u -> workspaces.add(u.getWorkspaceId()));
    Mono<Map<String, Map<String, CustomFieldDefinition>>> definitions = Flux.fromIterable(workspaces)
        .flatMap(ws -> customFields.definitions(ws).map(defs -> Map.entry(ws, defs)))
        .collectMap(Map.Entry::getKey, Map.Entry::getValue);
    Mono<Map.Entry<Map<String, String>, Map<String, StoredContact>>> loaded = optimistic
        ? Mono.just(Map.entry(Map.of(), Map.of()))
        : store.idsForKeys(new LinkedHashSet<>(UpsertBatch.keysOf(upserts)))
            .flatMap(keys -> store.findAll(new LinkedHashSet<>(keys.values())).map(found -> Map.entry(keys, found)));
    long tmpT = System.nanoTime();
    return loaded.zipWith(definitions, (found, defs) -> {
          log.debug("TMPPROF defs {} ms", (System.nanoTime() - tmpT) / 1_000_000);
          UpsertBatch batch = new UpsertBatch(found.getKey(), found.getValue(), defs,
              () -> UUID.randomUUID().toString(), now);
          for (int i = 0; i < upserts.size(); i++) {
            batch.apply(base + i, upserts.get(i));
          }
          log.debug("TMPPROF planned {} ms", (System.nanoTime() - tmpT) / 1_000_000);
          return batch;
        })
        .flatMap(batch -> write(batch, optimistic).thenReturn(batch))
        .onErrorMap(e -> !(e instanceof ContactStore.WriteConflict) && !(e instanceof OptimisticMiss),
            e -> new Failure(base, e));
  }

  /** An optimistic attempt met a number that is taken already. */
  private static final class OptimisticMiss extends RuntimeException {
    OptimisticMiss() {
      super(null, null, false, false);
    }
  }

  private static Mono<Void> tmpTime(String what, Mono<Void> m) {
    return Mono.defer(() -> { long t = System.nanoTime(); return m.doOnTerminate(() -> log.debug("TMPPROF {} {} ms", what, (System.nanoTime() - t) / 1_000_000)); });
  }

  private Mono<Void> write(UpsertBatch batch, boolean optimistic) {
    Mono<Void> keys = tmpTime("keys", store.claimKeys(batch.newKeys()));
    if (optimistic) {
      keys = keys.onErrorMap(ContactStore.WriteConflict.class, e -> new OptimisticMiss());
    }
    return keys
        .then(Flux.fromIterable(batch.swaps())
            .concatMap(swap -> store.swapKey(swap.key(), swap.fromId(), swap.toId())
                .flatMap(moved -> moved ? Mono.<Void>empty()
                    : Mono.error(new ContactStore.WriteConflict("stale key moved concurrently", null))))
            .then())
        .then(tmpTime("contacts", store.writeAll(batch.contactWrites())))
        .then(store.claimKeysIfFree(batch.externalKeys()))
        .then(tmpTime("dnc", copyDncState(batch.created())));
  }

  /** New contacts start without DNC state; the view is read after their write (see DncProjection). */
  private Mono<Void> copyDncState(List<Contact> created) {
    if (created.isEmpty()) {
      return Mono.empty();
    }
    Map<String, Contact> byKey = new HashMap<>();
    created.forEach(c -> byKey.put(DncViewStore.key(c.workspaceId(), c.phoneE164()), c));
    return dnc.states(byKey.keySet(), Instant.now())
        .flatMapMany(states -> Flux.fromIterable(states.entrySet()))
        .filter(e -> !e.getValue().equals(DncState.NONE))
        .flatMap(e -> store.setDnc(byKey.get(e.getKey()).id(), byKey.get(e.getKey()).phoneE164(), e.getValue()))
        .then();
  }

  /**
   * Publishes a part's changes, then its answers. The changes go out together, except that a
   * contact changed more than once in the part sends each further change only once the previous
   * one is acknowledged (versions reach the compacted topic in order, and none follows a failed
   * one); the answers go out once the changes are acknowledged, except for upserts whose change
   * failed. Then fails at the first upsert with a failed publish.
   */
  private Mono<Void> publish(UpsertBatch batch) {
    List<List<UpsertBatch.Step>> rounds = new ArrayList<>();
    Map<String, Integer> changesPerContact = new HashMap<>();
    for (UpsertBatch.Step step : batch.steps()) {
      if (step.publish() != null) {
        int round = changesPerContact.merge(step.contactId(), 1, Integer::sum) - 1;
        if (round == rounds.size()) {
          rounds.add(new ArrayList<>());
        }
        rounds.get(round).add(step);
      }
    }
    Map<Integer, Throwable> failed = new ConcurrentHashMap<>();
    Map<String, Throwable> failedContacts = new ConcurrentHashMap<>();
    return Flux.fromIterable(rounds)
        .concatMap(round -> {
          List<UpsertBatch.Step> sendable = new ArrayList<>(round.size());
          for (UpsertBatch.Step step : round) {
            Throwable earlier = failedContacts.get(step.contactId());
            if (earlier == null) {
              sendable.add(step);
            } else {
              failed.put(step.index(), earlier);
            }
          }
          return sender.sendAll(sendable, step -> ContactEvents.changeRecord(step.publish()))
              .doOnNext(outcomes -> noteFailures(sendable, outcomes, failed, failedContacts));
        })
        .then(Mono.defer(() -> {
          List<UpsertBatch.Step> answerable = batch.steps().stream().filter(s -> !failed.containsKey(s.index())).toList();
          return sender.sendAll(answerable, step -> ContactEvents.resultRecord(step.upsert(), step.contactId(),
                  step.outcome(), step.reasonCode(), step.reason()))
              .doOnNext(outcomes -> noteFailures(answerable, outcomes, failed, null));
        }))
        .then(Mono.defer(() -> {
          if (failed.isEmpty()) {
            return Mono.empty();
          }
          Map.Entry<Integer, Throwable> first = failed.entrySet().stream().min(Map.Entry.comparingByKey()).orElseThrow();
          log.warn("publishing for {} upsert(s) failed, first upsert #{}: {}", failed.size(), first.getKey(),
              first.getValue().toString());
          return Mono.error(new Failure(first.getKey(), first.getValue()));
        }));
  }

  private static void noteFailures(List<UpsertBatch.Step> steps, List<Throwable> outcomes,
                                   Map<Integer, Throwable> failed, Map<String, Throwable> failedContacts) {
    for (int i = 0; i < steps.size(); i++) {
      Throwable error = outcomes.get(i);
      if (error != null) {
        failed.put(steps.get(i).index(), error);
        if (failedContacts != null) {
          failedContacts.put(steps.get(i).contactId(), error);
        }
      }
    }
  }
}
