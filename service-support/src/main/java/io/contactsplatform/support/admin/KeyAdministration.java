package io.contactsplatform.support.admin;

import com.mongodb.MongoWriteException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.contactsplatform.support.admin.AdminViews.CreatedKey;
import io.contactsplatform.support.admin.AdminViews.KeyView;
import io.contactsplatform.support.admin.AdminViews.WorkspaceView;
import io.contactsplatform.support.auth.ApiKeyStore;
import io.contactsplatform.support.auth.ApiKeys;
import io.contactsplatform.support.auth.Workspace;
import io.contactsplatform.support.mongo.StartupIndexes;
import io.contactsplatform.support.web.ApiException;
import io.contactsplatform.support.web.CursorPage;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.bson.Document;
import org.bson.conversions.Bson;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Workspaces and API keys in the shared key store ({@link ApiKeyStore}): what the admin API does.
 * Workspaces are documents {@code {_id: id, displayName, createdAt, configured}}; the workspaces of
 * the configured keys are recorded at start-up ({@link #bootstrap}) so that keys can be created for
 * them too. Keys are created with a fresh random secret returned once, and revoked by setting
 * {@code revokedAt} (nothing is deleted: a key's name stays taken, so an audit trail's actor always
 * names one key). Uniqueness of workspace ids and of key names in a workspace is enforced by
 * unique indexes (a lost race is a 409 too).
 *
 * <p>Limits: configured keys are listed but not revocable here (they are removed from the
 * configuration); revocation reaches other instances within the key store's cache period.
 */
public class KeyAdministration {

  static final Pattern WORKSPACE_ID = Pattern.compile("[a-z0-9][a-z0-9-]{1,62}");
  static final Pattern KEY_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
  /** What a list cursor may stand for: a workspace id (configured ones included) or a key id. */
  private static final Pattern CURSOR_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
  static final int MAX_DISPLAY_NAME = 200;
  private static final int DUPLICATE_KEY = 11000;

  private final ApiKeyStore store;
  private final ApiKeys configured;
  private final MongoCollection<Document> workspaces;
  private final MongoCollection<Document> keys;

  public KeyAdministration(ApiKeyStore store, ApiKeys configured) {
    this.store = store;
    this.configured = configured;
    this.workspaces = store.database().getCollection(ApiKeyStore.WORKSPACES);
    this.keys = store.database().getCollection(ApiKeyStore.KEYS);
  }

  /** The unique indexes the uniqueness rules rely on ({@code _id} needs none). */
  Mono<Void> declareIndexes() {
    return StartupIndexes.create(store.database(), List.of(
        new StartupIndexes.Index(ApiKeyStore.KEYS, Indexes.ascending("keyId"), new IndexOptions().unique(true)),
        new StartupIndexes.Index(ApiKeyStore.KEYS, Indexes.ascending("workspaceId", "name"),
            new IndexOptions().unique(true)),
        new StartupIndexes.Index(ApiKeyStore.KEYS, Indexes.ascending("workspaceId", "keyId"),
            new IndexOptions().unique(true))));
  }

  /** Records the workspaces of the configured keys (insert if absent). */
  Mono<Void> bootstrap() {
    Date now = Date.from(now());
    return Flux.fromIterable(configured.configured())
        .map(Workspace::id)
        .distinct()
        .concatMap(id -> workspaces.updateOne(Filters.eq("_id", id),
            Updates.combine(Updates.setOnInsert("createdAt", now), Updates.setOnInsert("configured", true)),
            new UpdateOptions().upsert(true)))
        .then();
  }

  Mono<WorkspaceView> createWorkspace(AdminViews.NewWorkspace request) {
    return Mono.defer(() -> {
      String id = required("id", request.id());
      if (!WORKSPACE_ID.matcher(id).matches()) {
        throw ApiException.unprocessable("id: 2-63 characters, lower-case letters, digits and '-', "
            + "starting with a letter or digit");
      }
      String displayName = request.displayName() == null || request.displayName().isBlank()
          ? null : request.displayName().trim();
      if (displayName != null && displayName.length() > MAX_DISPLAY_NAME) {
        throw ApiException.unprocessable("displayName: at most " + MAX_DISPLAY_NAME + " characters");
      }
      Instant now = now();
      Document doc = new Document("_id", id).append("createdAt", Date.from(now)).append("configured", false);
      if (displayName != null) {
        doc.append("displayName", displayName);
      }
      return Mono.from(workspaces.insertOne(doc))
          .thenReturn(new WorkspaceView(id, displayName, now, false))
          .onErrorMap(KeyAdministration::isDuplicate,
              e -> ApiException.conflict("id: workspace '" + id + "' already exists", Map.of("workspaceId", id)));
    });
  }

  Mono<CursorPage<WorkspaceView>> listWorkspaces(String cursor, Integer pageSize) {
    return Mono.defer(() -> {
      String after = CursorPage.decodeCursor(cursor, KeyAdministration::cursorId);
      int size = CursorPage.pageSize(pageSize);
      Bson filter = after == null ? new Document() : Filters.gt("_id", after);
      return Flux.from(workspaces.find(filter).sort(Sorts.ascending("_id")).limit(size + 1))
          .map(d -> new WorkspaceView(d.getString("_id"), d.getString("displayName"), instant(d, "createdAt"),
              Boolean.TRUE.equals(d.getBoolean("configured"))))
          .collectList()
          .map(items -> page(items, size, WorkspaceView::id));
    });
  }

  private static String cursorId(String text) {
    if (!CURSOR_ID.matcher(text).matches()) {
      throw CursorPage.invalidCursor();
    }
    return text;
  }

  Mono<CreatedKey> createKey(String workspaceId, AdminViews.NewKey request) {
    return Mono.defer(() -> {
      String name = required("name", request.name());
      if (!KEY_NAME.matcher(name).matches()) {
        throw ApiException.unprocessable("name: 1-63 characters, letters, digits, '.', '_' and '-', "
            + "starting with a letter or digit");
      }
      if (configured.configured().stream().anyMatch(k -> k.id().equals(workspaceId) && k.keyName().equals(name))) {
        throw duplicateName(workspaceId, name);
      }
      return existingWorkspace(workspaceId)
          .then(Mono.from(keys.find(Filters.and(Filters.eq("workspaceId", workspaceId), Filters.eq("name", name)))
              .first()))
          .flatMap(existing -> Mono.<CreatedKey>error(duplicateName(workspaceId, name)))
          .switchIfEmpty(Mono.defer(() -> insertKey(workspaceId, name)));
    });
  }

  private Mono<CreatedKey> insertKey(String workspaceId, String name) {
    ApiKeySecrets.Generated generated = ApiKeySecrets.generate();
    Instant now = now();
    Document doc = new Document("_id", ApiKeys.sha256Hex(generated.secret()))
        .append("keyId", generated.keyId())
        .append("workspaceId", workspaceId)
        .append("name", name)
        .append("createdAt", Date.from(now));
    return Mono.from(keys.insertOne(doc))
        .thenReturn(new CreatedKey(generated.keyId(), workspaceId, name, ApiKeySecrets.prefix(generated.keyId()), now,
            generated.secret()))
        .onErrorMap(KeyAdministration::isDuplicate, e -> duplicateName(workspaceId, name));
  }

  /** A workspace's keys by key id; its configured keys first, on the first page. */
  Mono<CursorPage<KeyView>> listKeys(String workspaceId, String cursor, Integer pageSize) {
    return existingWorkspace(workspaceId).then(Mono.defer(() -> {
      String after = CursorPage.decodeCursor(cursor, KeyAdministration::cursorId);
      int size = CursorPage.pageSize(pageSize);
      Bson filter = after == null ? Filters.eq("workspaceId", workspaceId)
          : Filters.and(Filters.eq("workspaceId", workspaceId), Filters.gt("keyId", after));
      return Flux.from(keys.find(filter).sort(Sorts.ascending("keyId")).limit(size + 1))
          .map(KeyAdministration::view)
          .collectList()
          .map(items -> {
            CursorPage<KeyView> page = page(items, size, KeyView::keyId);
            if (after != null) {
              return page;
            }
            List<KeyView> withConfigured = new ArrayList<>(configuredKeys(workspaceId));
            withConfigured.addAll(page.items());
            return new CursorPage<>(withConfigured, page.nextCursor());
          });
    }));
  }

  /** Revokes a key (again: unchanged); it stops working within the key store's cache period. */
  Mono<KeyView> revoke(String workspaceId, String keyId) {
    if (Workspace.CONFIGURED_KEY_ID.equals(keyId)) {
      return Mono.error(ApiException.conflict("keyId: a configured key is revoked by removing it from the "
          + "services' configuration (platform.auth.workspaces)", Map.of("keyId", keyId)));
    }
    Bson key = Filters.and(Filters.eq("workspaceId", workspaceId), Filters.eq("keyId", keyId));
    return existingWorkspace(workspaceId)
        .then(Mono.from(keys.updateOne(Filters.and(key, Filters.exists("revokedAt", false)),
            Updates.set("revokedAt", Date.from(now())))))
        .then(Mono.from(keys.find(key).first()))
        .switchIfEmpty(Mono.error(() -> ApiException.notFound("keyId: key " + keyId + " not found in workspace "
            + workspaceId)))
        .doOnNext(d -> store.invalidate(d.getString("_id")))
        .map(KeyAdministration::view);
  }

  private Mono<Void> existingWorkspace(String workspaceId) {
    return Mono.from(workspaces.find(Filters.eq("_id", workspaceId)).first())
        .switchIfEmpty(Mono.error(() -> ApiException.notFound("workspaceId: workspace " + workspaceId + " not found")))
        .then();
  }

  private List<KeyView> configuredKeys(String workspaceId) {
    return configured.configured().stream().filter(k -> k.id().equals(workspaceId))
        .map(k -> new KeyView(k.keyId(), k.id(), k.keyName(), null, null, null, null, false, true))
        .toList();
  }

  private static KeyView view(Document d) {
    Instant revokedAt = instant(d, "revokedAt");
    String keyId = d.getString("keyId");
    return new KeyView(keyId, d.getString("workspaceId"), d.getString("name"), ApiKeySecrets.prefix(keyId),
        instant(d, "createdAt"), instant(d, "lastUsedAt"), revokedAt, revokedAt != null, false);
  }

  private static <T> CursorPage<T> page(List<T> items, int size, java.util.function.Function<T, String> id) {
    if (items.size() <= size) {
      return new CursorPage<>(items, null);
    }
    List<T> shown = items.subList(0, size);
    return new CursorPage<>(List.copyOf(shown), CursorPage.encodeCursor(id.apply(shown.get(size - 1))));
  }

  private static String required(String field, String value) {
    if (value == null || value.isBlank()) {
      throw ApiException.unprocessable(field + ": required");
    }
    return value.trim();
  }

  private static ApiException duplicateName(String workspaceId, String name) {
    return ApiException.conflict("name: workspace " + workspaceId + " already has a key named '" + name
        + "' (names stay taken after revocation)", Map.of("workspaceId", workspaceId, "name", name));
  }

  private static boolean isDuplicate(Throwable e) {
    return e instanceof MongoWriteException w && w.getError().getCode() == DUPLICATE_KEY;
  }

  private static Instant instant(Document d, String field) {
    Date date = d.getDate(field);
    return date == null ? null : date.toInstant();
  }

  private Instant now() {
    return store.clock().instant().truncatedTo(ChronoUnit.MILLIS);
  }
}
