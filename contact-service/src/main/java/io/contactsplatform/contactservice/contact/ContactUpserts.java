package io.contactsplatform.contactservice.contact;

import io.contactsplatform.contactservice.customfield.CustomFieldDefinition;
import io.contactsplatform.contactservice.customfield.CustomFieldStore;
import io.contactsplatform.contactservice.dncview.DncState;
import io.contactsplatform.contactservice.dncview.DncViewStore;
import io.contactsplatform.contactservice.history.ContactHistory;
import io.contactsplatform.events.contact.upsert.ContactUpsert;
import io.contactsplatform.support.ids.TimeOrderedIds;
import io.contactsplatform.support.kafka.BatchFailure;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Applies contact-upserts in batches (see {@link UpsertBatch} for the rules). Per listener batch,
 * one query per workspace for the custom field definitions; per part of it: one {@code $in} for
 * the keys, one for the contacts they point at, then an ordered insert of the new keys, one
 * insert of the new contacts and one ordered bulk write of the updated ones (conditional on the
 * version read), and the DNC state of new contacts read after their write. Only then are changes
 * (in version order per contact) and answers published, on a producer of their own
 * ({@link UpsertEventSender}). A part of new numbers skips the lookups (see {@link #prepare}).
 * Parts are pipelined (see {@link #apply}); measured figures: the contacts benchmark.
 *
 * <p>No lost contact-changes: nothing is acknowledged before its publishes succeed. A failed
 * publish fails the batch at the first upsert not fully published ({@link BatchFailure#index()}); the
 * redelivered upserts are recognised by event id, change nothing, re-publish the current state
 * and answer with their original outcome. History: each contact write carries its entries, which
 * are copied to the history before publishing; a contact read with entries still pending (left by
 * a write that did not finish, such as the one a redelivered upsert repeats) is flushed too (see
 * {@link ContactHistory}).
 * A write that loses a race (another writer claimed a
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
  private final ContactHistory history;
  private final int partSize;

  ContactUpserts(ContactStore store, UpsertEventSender sender, CustomFieldStore customFields, DncViewStore dnc,
                 ContactHistory history, @Value("${platform.contacts.upserts.part-size:500}") int partSize) {
    this.store = store;
    this.sender = sender;
    this.customFields = customFields;
    this.dnc = dnc;
    this.history = history;
    this.partSize = partSize;
  }

  /** The batch failed at {@code index}: every upsert before it is applied and answered. */
  private static BatchFailure failure(int index, Throwable cause) {
    return new BatchFailure("upsert", index, cause);
  }

  /**
   * Applies {@code upserts} in order; fails with {@link BatchFailure} naming the first upsert not done.
   * The batch is worked in parts of {@code platform.contacts.upserts.part-size}: part k+1 is
   * planned while part k is written and written while part k publishes (publishes stay in part
   * order), so the store is not idle while the service plans or the broker acknowledges.
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
    Mono<Definitions> definitions = definitions(upserts).cache();
    return pipeline(parts, 0, 0, definitions, optimisticPlan(parts.get(0), 0, definitions), Mono.empty())
        .doOnSuccess(done -> log.debug("applied {} upserts in {} ms", upserts.size(),
            (System.nanoTime() - started) / 1_000_000));
  }

  /**
   * Writes part {@code p} (starting from its optimistic {@code plan}, if it has one) once
   * {@code publishing} (the previous parts' publishes) is under way, then goes on; the next
   * part's optimistic plan is made meanwhile.
   */
  private Mono<Void> pipeline(List<List<ContactUpsert>> parts, int p, int base, Mono<Definitions> definitions,
                              Mono<UpsertBatch> plan, Mono<Void> publishing) {
    if (p == parts.size()) {
      return publishing;
    }
    List<ContactUpsert> part = parts.get(p);
    int nextBase = base + part.size();
    Mono<UpsertBatch> nextPlan = p + 1 < parts.size() ? optimisticPlan(parts.get(p + 1), nextBase, definitions) : null;
    return Mono.defer(() -> {
      if (nextPlan != null) {
        nextPlan.subscribe(null, e -> { });
      }
      return prepare(part, base, definitions, plan);
    }).materialize().flatMap(signal -> {
      if (signal.isOnNext()) {
        Mono<Void> published = publishing.then(publish(signal.get())).cache();
        published.subscribe(null, e -> { });
        return pipeline(parts, p + 1, nextBase, definitions, nextPlan, published);
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
    return lookedUp(List.of(upsert), index, definitions(List.of(upsert)))
        .flatMap(this::publish)
        .onErrorResume(ContactStore.WriteConflict.class, conflict -> attempt < ATTEMPTS_PER_UPSERT
            ? applyOne(upsert, index, attempt + 1)
            : Mono.error(failure(index, conflict)));
  }

  /** Custom field definitions by workspace. */
  private record Definitions(Map<String, Map<String, CustomFieldDefinition>> byWorkspace) {
  }

  private Mono<Definitions> definitions(List<ContactUpsert> upserts) {
    Set<String> workspaces = new LinkedHashSet<>();
    upserts.forEach(u -> workspaces.add(u.getWorkspaceId()));
    return Flux.fromIterable(workspaces)
        .flatMap(ws -> customFields.definitions(ws).map(defs -> Map.entry(ws, defs)))
        .collectMap(Map.Entry::getKey, Map.Entry::getValue)
        .map(Definitions::new);
  }

  /**
   * The optimistic plan of a part (every number new), made on a parallel thread and kept; null
   * when an upsert carries an external id, which always needs the lookup.
   */
  private static Mono<UpsertBatch> optimisticPlan(List<ContactUpsert> upserts, int base, Mono<Definitions> definitions) {
    if (upserts.stream().anyMatch(u -> u.getContact().getExternalId() != null)) {
      return null;
    }
    return definitions.publishOn(Schedulers.parallel())
        .map(defs -> plan(upserts, base, Map.of(), Map.of(), defs))
        .cache();
  }

  private static UpsertBatch plan(List<ContactUpsert> upserts, int base, Map<String, String> keys,
                                  Map<String, StoredContact> contacts, Definitions definitions) {
    UpsertBatch batch = new UpsertBatch(keys, contacts, definitions.byWorkspace(), TimeOrderedIds::next,
        Contact.now());
    for (int i = 0; i < upserts.size(); i++) {
      batch.apply(base + i, upserts.get(i));
    }
    return batch;
  }

  /**
   * Writes a part whose first upsert is number {@code base} of the listener's batch. Optimistic
   * first when it has an optimistic plan: the phone keys are claimed straight away, which for a
   * fresh import leaves exactly the writes the store must do (keys and contacts) and no lookup.
   * The first key already held ends that attempt; keys claimed before it point at contacts not
   * yet written, which the looked-up attempt then creates under those ids.
   */
  private Mono<UpsertBatch> prepare(List<ContactUpsert> upserts, int base, Mono<Definitions> definitions,
                                    Mono<UpsertBatch> optimisticPlan) {
    Mono<UpsertBatch> attempt = optimisticPlan == null ? Mono.error(new OptimisticMiss())
        : optimisticPlan.flatMap(batch -> write(batch, true).thenReturn(batch));
    return attempt
        .onErrorResume(OptimisticMiss.class, miss -> {
          log.debug("{} upserts include known numbers or external ids; looking them up", upserts.size());
          return lookedUp(upserts, base, definitions);
        })
        .onErrorMap(e -> !(e instanceof ContactStore.WriteConflict) && !(e instanceof BatchFailure), e -> failure(base, e));
  }

  /** Looks up the part's keys and the contacts they point at, then plans and writes it. */
  private Mono<UpsertBatch> lookedUp(List<ContactUpsert> upserts, int base, Mono<Definitions> definitions) {
    return store.idsForKeys(new LinkedHashSet<>(UpsertBatch.keysOf(upserts)))
        .flatMap(keys -> store.findAll(new LinkedHashSet<>(keys.values())).map(found -> Map.entry(keys, found)))
        .zipWith(definitions, (found, defs) -> plan(upserts, base, found.getKey(), found.getValue(), defs))
        .flatMap(batch -> write(batch, false).thenReturn(batch))
        .onErrorMap(e -> !(e instanceof ContactStore.WriteConflict), e -> failure(base, e));
  }

  /** An optimistic attempt met a number that is taken already. */
  private static final class OptimisticMiss extends RuntimeException {
    OptimisticMiss() {
      super(null, null, false, false);
    }
  }

  private Mono<Void> write(UpsertBatch batch, boolean optimistic) {
    Mono<Void> keys = store.claimKeys(batch.newKeys());
    if (optimistic) {
      keys = keys.onErrorMap(ContactStore.WriteConflict.class, e -> new OptimisticMiss());
    }
    return keys
        .then(Flux.fromIterable(batch.swaps())
            .concatMap(swap -> store.swapKey(swap.key(), swap.fromId(), swap.toId())
                .flatMap(moved -> moved ? Mono.<Void>empty()
                    : Mono.error(new ContactStore.WriteConflict("stale key moved concurrently", null))))
            .then())
        .then(store.writeAll(batch.contactWrites()))
        .then(store.claimKeysIfFree(batch.externalKeys()))
        .then(copyDncState(batch.created()))
        .then(history.copyWritten(batch.historyEntries()))
        .then(Mono.defer(() -> history.flush(batch.loadedWithPendingHistory())));
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
          return Mono.error(failure(first.getKey(), first.getValue()));
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
