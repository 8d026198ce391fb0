package io.contactsplatform.resolver.state;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import io.contactsplatform.resolver.readmodel.DncReadiness;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import io.contactsplatform.support.web.ServiceClients;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Reads the state of numbers, contacts and imports wherever it lives (interactive queries): a key
 * whose partition this instance serves is read from the local RocksDB store; any other is asked of
 * the instance that serves it ({@code application.server}), over its API port, with the caller's
 * own API key (so the owner authenticates and scopes the request like any other); an import's rows
 * are gathered from every instance. What cannot be read (Streams not running yet, a partition
 * moving, an instance unreachable) comes back as {@link StateFacts#unavailable} for numbers (the
 * call is BLOCKED_OTHER) and as an error for contacts and imports (the report fails).
 */
@Component
public class StateQueries {

  /** Reason while this instance's Streams application is not RUNNING. */
  public static final String NOT_RUNNING = "resolver state not loaded yet";
  static final String MOVING = "the number's state is moving between resolver instances; retry";
  static final Duration REMOTE_TIMEOUT = Duration.ofSeconds(10);

  private static final Logger log = LoggerFactory.getLogger(StateQueries.class);

  private final ResolverStreams streams;
  private final DncReadiness readiness;
  private final WebClient web;

  StateQueries(ResolverStreams streams, DncReadiness readiness) {
    this.streams = streams;
    this.readiness = readiness;
    this.web = ServiceClients.builder("variable-resolver-instances").build();
  }

  /** The facts of each number (the audience row of {@code campaignId} when not null), wherever they live. */
  public Mono<Map<String, StateFacts>> phones(String workspaceId, Collection<String> e164s, String campaignId,
                                               String authorization) {
    return Mono.defer(() -> {
      Map<String, StateFacts> found = new HashMap<>();
      Map<HostInfo, List<String>> remote = new HashMap<>();
      for (String e164 : new LinkedHashSet<>(e164s)) {
        KeyQueryMetadata owner = streams.owner(StateStores.DNC, StateStores.phoneKey(workspaceId, e164));
        if (owner == null) {
          found.put(e164, StateFacts.unavailable(NOT_RUNNING));
        } else if (owner.activeHost().equals(streams.self())) {
          found.put(e164, local(workspaceId, e164, campaignId, owner.partition()));
        } else {
          remote.computeIfAbsent(owner.activeHost(), h -> new ArrayList<>()).add(e164);
        }
      }
      return Flux.fromIterable(remote.entrySet())
          .flatMap(e -> post(e.getKey(), "/v1/internal/state/phones", new PhonesQuery(e.getValue(), campaignId),
              PhonesAnswer.class, authorization)
              .map(PhonesAnswer::facts)
              .onErrorResume(error -> {
                log.warn("resolver instance {} did not answer for {} numbers: {}", e.getKey(), e.getValue().size(),
                    error.toString());
                Map<String, StateFacts> none = new HashMap<>();
                e.getValue().forEach(p -> none.put(p, StateFacts.unavailable(
                    "the resolver instance holding this number did not answer; retry")));
                return Mono.just(none);
              }))
          .doOnNext(found::putAll)
          .then(Mono.fromSupplier(() -> found));
    });
  }

  /** The facts of numbers whose partitions this instance serves; others are unavailable (moving). */
  Map<String, StateFacts> localPhones(String workspaceId, Collection<String> e164s, String campaignId) {
    Map<String, StateFacts> found = new LinkedHashMap<>();
    for (String e164 : e164s) {
      KeyQueryMetadata owner = streams.owner(StateStores.DNC, StateStores.phoneKey(workspaceId, e164));
      found.put(e164, owner == null ? StateFacts.unavailable(NOT_RUNNING)
          : owner.activeHost().equals(streams.self()) ? local(workspaceId, e164, campaignId, owner.partition())
          : StateFacts.unavailable(MOVING));
    }
    return found;
  }

  private StateFacts local(String workspaceId, String e164, String campaignId, int partition) {
    String key = StateStores.phoneKey(workspaceId, e164);
    try {
      byte[] row = campaignId == null ? null
          : streams.local(StateStores.AUDIENCE, partition).get(StateStores.audienceKey(workspaceId, e164, campaignId));
      return new StateFacts(streams.local(StateStores.CONTACTS_BY_PHONE, partition).get(key),
          streams.local(StateStores.DNC, partition).get(key), row, readiness.uncertainty(partition), null);
    } catch (InvalidStateStoreException e) {
      return StateFacts.unavailable(MOVING);
    }
  }

  /** The newest ContactChange bytes of each of these contacts that the state holds. */
  public Mono<Map<String, byte[]>> contacts(String workspaceId, Collection<String> contactIds, String authorization) {
    return Mono.defer(() -> {
      Map<String, byte[]> found = new HashMap<>();
      Map<HostInfo, List<String>> remote = new HashMap<>();
      for (String id : new LinkedHashSet<>(contactIds)) {
        KeyQueryMetadata owner = streams.owner(StateStores.CONTACTS_BY_ID, StateStores.phoneKey(workspaceId, id));
        if (owner == null) {
          return Mono.error(new IllegalStateException(NOT_RUNNING));
        } else if (owner.activeHost().equals(streams.self())) {
          byte[] change = streams.local(StateStores.CONTACTS_BY_ID, owner.partition())
              .get(StateStores.phoneKey(workspaceId, id));
          if (change != null) {
            found.put(id, change);
          }
        } else {
          remote.computeIfAbsent(owner.activeHost(), h -> new ArrayList<>()).add(id);
        }
      }
      return Flux.fromIterable(remote.entrySet())
          .flatMap(e -> post(e.getKey(), "/v1/internal/state/contacts", new ContactsQuery(e.getValue()),
              ContactsAnswer.class, authorization))
          .doOnNext(answer -> found.putAll(answer.contacts()))
          .then(Mono.fromSupplier(() -> found));
    });
  }

  /** The contacts among these whose partitions this instance serves. */
  Map<String, byte[]> localContacts(String workspaceId, Collection<String> contactIds) {
    Map<String, byte[]> found = new HashMap<>();
    for (String id : contactIds) {
      KeyQueryMetadata owner = streams.owner(StateStores.CONTACTS_BY_ID, StateStores.phoneKey(workspaceId, id));
      if (owner != null && owner.activeHost().equals(streams.self())) {
        byte[] change = streams.local(StateStores.CONTACTS_BY_ID, owner.partition())
            .get(StateStores.phoneKey(workspaceId, id));
        if (change != null) {
          found.put(id, change);
        }
      }
    }
    return found;
  }

  /** An import's numbers in row order, gathered from every instance; empty when it has none. */
  public Mono<ImportAudience> importAudience(String workspaceId, String importId, String authorization) {
    return Mono.defer(() -> {
      if (!streams.isRunningState()) {
        return Mono.error(new IllegalStateException(NOT_RUNNING));
      }
      TreeMap<String, String> rows = new TreeMap<>(localImportRows(workspaceId, importId));
      return Flux.fromIterable(streams.otherInstances())
          .flatMap(host -> importRows(host, importId, authorization))
          .doOnNext(row -> rows.put(row.key(), row.campaignId()))
          .then(Mono.fromSupplier(() -> {
            if (rows.isEmpty()) {
              return null;
            }
            List<String> phones = new ArrayList<>();
            String campaignId = null;
            for (Map.Entry<String, String> row : rows.entrySet()) {
              phones.add(row.getKey().substring(row.getKey().lastIndexOf('|') + 1));
              campaignId = row.getValue();
            }
            return new ImportAudience(importId, campaignId, List.copyOf(new LinkedHashSet<>(phones)));
          }));
    }).subscribeOn(Schedulers.boundedElastic());
  }

  /** This instance's rows of an import: row key → campaignId. */
  Map<String, String> localImportRows(String workspaceId, String importId) {
    Map<String, String> rows = new HashMap<>();
    ReadOnlyKeyValueStore<String, byte[]> store = streams.localAll(StateStores.AUDIENCE_IMPORTS);
    try (KeyValueIterator<String, byte[]> it = store.prefixScan(StateStores.importPrefix(workspaceId, importId),
        new StringSerializer())) {
      while (it.hasNext()) {
        KeyValue<String, byte[]> next = it.next();
        rows.put(next.key, new String(next.value, StandardCharsets.UTF_8));
      }
    }
    return rows;
  }

  private <T> Mono<T> post(HostInfo host, String path, Object body, Class<T> type, String authorization) {
    return web.post().uri("http://" + host.host() + ":" + host.port() + path)
        .header(HttpHeaders.AUTHORIZATION, authorization)
        .bodyValue(body)
        .retrieve().bodyToMono(type)
        .timeout(REMOTE_TIMEOUT);
  }

  /**
   * Another instance's rows of an import, one NDJSON line each: an import of any size crosses without
   * the answer being buffered whole (the client's in-memory limit applies per row).
   */
  private Flux<ImportRow> importRows(HostInfo host, String importId, String authorization) {
    return web.get().uri("http://" + host.host() + ":" + host.port() + "/v1/internal/state/imports/" + importId)
        .header(HttpHeaders.AUTHORIZATION, authorization)
        .accept(MediaType.APPLICATION_NDJSON)
        .retrieve().bodyToFlux(ImportRow.class)
        .timeout(REMOTE_TIMEOUT);
  }

  /** The numbers of an import, in row order, and the campaign of its latest row. */
  public record ImportAudience(String importId, String campaignId, List<String> phones) {
  }

  record PhonesQuery(List<String> phones, String campaignId) {
  }

  record PhonesAnswer(Map<String, StateFacts> facts) {
  }

  record ContactsQuery(List<String> contactIds) {
  }

  record ContactsAnswer(Map<String, byte[]> contacts) {
  }

  /** One row of an import held by an instance: its row key and the row's campaign. */
  record ImportRow(String key, String campaignId) {
  }

}
