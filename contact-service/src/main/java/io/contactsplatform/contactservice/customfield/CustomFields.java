package io.contactsplatform.contactservice.customfield;

import io.contactsplatform.support.customfield.FieldConversion;
import io.contactsplatform.support.customfield.CustomFieldType;
import com.mongodb.client.model.Accumulators;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Filters;
import io.contactsplatform.contactservice.contact.Contact;
import io.contactsplatform.contactservice.contact.ContactStore;
import io.contactsplatform.contactservice.contact.ContactWrites;
import io.contactsplatform.contactservice.history.ChangeOrigin;
import io.contactsplatform.contactservice.segment.SegmentStore;
import io.contactsplatform.contactservice.segment.Segments;
import io.contactsplatform.support.contact.ContactLimits;
import io.contactsplatform.support.web.ApiException;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Custom field definition rules. Key: snake_case, unique, immutable. Owner mandatory. Label,
 * owner, description and allowed values within their {@link ContactLimits}. At most
 * {@code platform.contacts.custom-fields.max-per-workspace} (default 100) per workspace. A change
 * of type or allowed values is refused (409) when a stored value would not convert or a segment's
 * filter would no longer be valid; otherwise stored values are converted (each changed contact
 * gets a new version on contact-changes). Deleting a field a segment uses is refused (409 naming
 * the segments); otherwise its values are removed from contacts. Each definition shows how many
 * contacts hold a value ({@code usageCount}, counted by a scan) and which segments use it.
 * Limits: the limit is checked before inserting (two concurrent creates can pass it by one); a
 * migration runs inside the request.
 */
@Service
class CustomFields {

  private static final Pattern KEY = Pattern.compile("^[a-z][a-z0-9]*(_[a-z0-9]+)*$");
  private static final int MAX_KEY_LENGTH = ContactLimits.CUSTOM_FIELD_KEY;
  private static final Set<String> MEMBERS = Set.of("key", "label", "type", "allowedValues", "required", "default",
      "owner", "description");
  private static final int MIGRATION_CHUNK = 200;

  private final CustomFieldStore store;
  private final ContactStore contacts;
  private final ContactWrites writes;
  private final SegmentStore segmentStore;
  private final Segments segments;
  private final int maxPerWorkspace;

  CustomFields(CustomFieldStore store, ContactStore contacts, ContactWrites writes, SegmentStore segmentStore,
               Segments segments, @Value("${platform.contacts.custom-fields.max-per-workspace:100}") int maxPerWorkspace) {
    this.store = store;
    this.contacts = contacts;
    this.writes = writes;
    this.segmentStore = segmentStore;
    this.segments = segments;
    this.maxPerWorkspace = maxPerWorkspace;
  }

  /** A segment using a field. */
  @Schema(name = "CustomFieldSegmentRef")
  record SegmentRef(String id, String name) {
  }

  /** A definition as the API shows it. */
  @Schema(name = "CustomField")
  record FieldView(String key, String label, CustomFieldType type, List<String> allowedValues, boolean required,
                   @com.fasterxml.jackson.annotation.JsonProperty("default") Object defaultValue, String owner,
                   String description, Instant createdAt, Instant updatedAt, long usageCount,
                   List<SegmentRef> usedBySegments) {

    static FieldView of(CustomFieldDefinition d, long usage, List<SegmentRef> segments) {
      return new FieldView(d.key(), d.label(), d.type(), d.allowedValues(), d.required(), d.defaultValue(), d.owner(),
          d.description(), d.createdAt(), d.updatedAt(), usage, segments);
    }
  }

  Mono<FieldView> create(String workspaceId, Map<String, Object> body) {
    checkMembers(body);
    Object rawKey = body.get("key");
    if (!(rawKey instanceof String key) || key.length() > MAX_KEY_LENGTH || !KEY.matcher(key).matches()) {
      return Mono.error(ApiException.unprocessable("key: required, snake_case (a-z, 0-9, single underscores, "
          + "starting with a letter), at most " + MAX_KEY_LENGTH + " characters"));
    }
    Instant now = Contact.now();
    CustomFieldDefinition definition = definition(key, body, null, now);
    return store.count(workspaceId).flatMap(count -> {
      if (count >= maxPerWorkspace) {
        return Mono.error(ApiException.unprocessable("custom fields: at most " + maxPerWorkspace
            + " definitions per workspace"));
      }
      return store.insert(workspaceId, definition).flatMap(inserted -> inserted
          ? Mono.just(FieldView.of(definition, 0, List.of()))
          : Mono.error(ApiException.conflict("key: custom field '" + key + "' exists already", Map.of("key", key))));
    });
  }

  Mono<FieldView> update(String workspaceId, String actor, String key, Map<String, Object> body) {
    checkMembers(body);
    if (body.containsKey("key") && !key.equals(body.get("key"))) {
      return Mono.error(ApiException.unprocessable("key: immutable"));
    }
    return find(workspaceId, key).flatMap(current -> {
      CustomFieldDefinition next = definition(key, body, current, Contact.now());
      boolean valuesAffected = next.type() != current.type() || !next.allowedValues().equals(current.allowedValues());
      if (!valuesAffected) {
        return store.replace(workspaceId, next).then(view(workspaceId, next));
      }
      return store.definitions(workspaceId)
          .flatMap(defs -> {
            Map<String, CustomFieldDefinition> changed = new LinkedHashMap<>(defs);
            changed.put(key, next);
            return segments.brokenBy(workspaceId, changed).map(s -> s.name() + " (" + s.id() + ")").collectList();
          })
          .flatMap(broken -> broken.isEmpty() ? Mono.<Void>empty()
              : Mono.error(ApiException.conflict("type: segments filter on cf:" + key + " in a way the new "
                  + "definition does not allow: " + String.join(", ", broken), Map.of("segments", broken))))
          .then(unconvertible(workspaceId, next))
          .flatMap(bad -> bad.isEmpty() ? Mono.<Void>empty()
              : Mono.error(ApiException.conflict("type: " + bad.size() + (bad.size() == 5 ? "+" : "")
                  + " stored value(s) of cf:" + key + " would not convert to " + next.type()
                  + (next.type() == CustomFieldType.ENUM ? " " + next.allowedValues() : "") + ", e.g. "
                  + String.join("; ", bad), Map.of("examples", bad))))
          .then(store.replace(workspaceId, next))
          .then(migrate(workspaceId, actor, key, "custom field cf:" + key + " changed type or allowed values", values -> {
            Object stored = values.get(key);
            Object converted = next.type().convert(stored, next.allowedValues()).value().orElse(stored);
            if (Objects.equals(stored, converted)) {
              return values;
            }
            Map<String, Object> copy = new LinkedHashMap<>(values);
            copy.put(key, converted);
            return copy;
          }))
          .then(view(workspaceId, next));
    });
  }

  Mono<Void> delete(String workspaceId, String actor, String key) {
    return find(workspaceId, key)
        .flatMap(definition -> segmentStore.usingCustomField(workspaceId, key).collectList())
        .flatMap(using -> {
          if (!using.isEmpty()) {
            List<String> names = using.stream().map(s -> s.name() + " (" + s.id() + ")").toList();
            return Mono.error(ApiException.conflict("cf:" + key + " is used by segments: " + String.join(", ", names),
                Map.of("segments", using.stream().map(s -> new SegmentRef(s.id(), s.name())).toList())));
          }
          return migrate(workspaceId, actor, key, "custom field cf:" + key + " deleted", values -> {
            Map<String, Object> copy = new LinkedHashMap<>(values);
            copy.remove(key);
            return copy;
          }).then(store.delete(workspaceId, key));
        });
  }

  Mono<FieldView> get(String workspaceId, String key) {
    return find(workspaceId, key).flatMap(d -> view(workspaceId, d));
  }

  Flux<FieldView> list(String workspaceId) {
    return Mono.zip(store.list(workspaceId).collectList(), usage(workspaceId), segmentRefs(workspaceId))
        .flatMapMany(t -> Flux.fromIterable(t.getT1())
            .map(d -> FieldView.of(d, t.getT2().getOrDefault(d.key(), 0L), t.getT3().getOrDefault(d.key(), List.of()))));
  }

  private Mono<FieldView> view(String workspaceId, CustomFieldDefinition d) {
    return Mono.zip(usage(workspaceId), segmentRefs(workspaceId))
        .map(t -> FieldView.of(d, t.getT1().getOrDefault(d.key(), 0L), t.getT2().getOrDefault(d.key(), List.of())));
  }

  private Mono<CustomFieldDefinition> find(String workspaceId, String key) {
    return store.find(workspaceId, key)
        .switchIfEmpty(Mono.error(() -> ApiException.notFound("custom field " + key + " not found")));
  }

  /** Contacts holding a value, per key: one scan of the workspace's contacts. */
  private Mono<Map<String, Long>> usage(String workspaceId) {
    List<Bson> pipeline = List.of(
        Aggregates.match(Filters.and(Filters.eq("workspaceId", workspaceId), Filters.ne("status", Contact.ERASED))),
        Aggregates.project(new Document("k", new Document("$objectToArray", "$customFields"))),
        Aggregates.unwind("$k"),
        Aggregates.group("$k.k", Accumulators.sum("n", 1)));
    return contacts.aggregate(pipeline)
        .collect(HashMap::new, (map, d) -> map.put(d.getString("_id"), d.get("n", Number.class).longValue()));
  }

  private Mono<Map<String, List<SegmentRef>>> segmentRefs(String workspaceId) {
    return segmentStore.usingCustomFields(workspaceId).collect(HashMap::new, (map, s) -> {
      for (String key : s.customFieldsUsed()) {
        map.computeIfAbsent(key, k -> new ArrayList<>()).add(new SegmentRef(s.id(), s.name()));
      }
    });
  }

  /** Up to five examples of stored values that would not convert under {@code next}. */
  private Mono<List<String>> unconvertible(String workspaceId, CustomFieldDefinition next) {
    return contacts.query(holding(workspaceId, next.key()), null, 0)
        .filter(c -> next.type().convert(c.contact().customFields().get(next.key()), next.allowedValues()).value().isEmpty())
        .take(5)
        .map(c -> "'" + c.contact().customFields().get(next.key()) + "' on contact " + c.contact().id())
        .collectList();
  }

  /** Rewrites the custom fields of every contact holding {@code key}, a chunk at a time under the outbox. */
  private Mono<Void> migrate(String workspaceId, String actor, String key, String why,
                             java.util.function.UnaryOperator<Map<String, Object>> change) {
    ChangeOrigin origin = ChangeOrigin.system(why, actor);
    return contacts.ids(holding(workspaceId, key))
        .buffer(MIGRATION_CHUNK)
        .concatMap(ids -> writes.guarded(ids, Flux.fromIterable(ids)
            .flatMap(id -> writes.modifyUnguarded(workspaceId, id, origin,
                c -> c.withCustomFields(change.apply(c.customFields()))), 8)
            .then()))
        .then();
  }

  private static Bson holding(String workspaceId, String key) {
    return Filters.and(Filters.eq("workspaceId", workspaceId), Filters.ne("status", Contact.ERASED),
        Filters.exists("customFields." + key));
  }

  private static void checkMembers(Map<String, Object> body) {
    if (body == null) {
      throw ApiException.badRequest("body: required");
    }
    for (String member : body.keySet()) {
      if (!MEMBERS.contains(member)) {
        throw ApiException.badRequest(member + ": not a custom field member (" + String.join(", ", MEMBERS) + ")");
      }
    }
  }

  /** The definition {@code body} describes (over {@code current} for a partial update), validated. */
  private static CustomFieldDefinition definition(String key, Map<String, Object> body, CustomFieldDefinition current,
                                                  Instant now) {
    String label = has(body, "label") ? text(body, "label") : current != null ? current.label() : null;
    if (label == null) {
      label = key;
    }
    CustomFieldType type = current == null ? null : current.type();
    if (has(body, "type")) {
      String raw = text(body, "type");
      try {
        type = raw == null ? null : CustomFieldType.valueOf(raw.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        type = null;
      }
      if (type == null) {
        throw ApiException.unprocessable("type: must be one of TEXT, NUMBER, BOOLEAN, DATE, ENUM");
      }
    }
    if (type == null) {
      throw ApiException.unprocessable("type: required (TEXT, NUMBER, BOOLEAN, DATE, ENUM)");
    }
    List<String> allowed = has(body, "allowedValues") ? allowedValues(body.get("allowedValues"))
        : current != null && current.type() == CustomFieldType.ENUM && type == CustomFieldType.ENUM
            ? current.allowedValues() : List.of();
    if (type == CustomFieldType.ENUM && allowed.isEmpty()) {
      throw ApiException.unprocessable("allowedValues: an ENUM needs at least one allowed value");
    }
    if (type != CustomFieldType.ENUM && !allowed.isEmpty()) {
      throw ApiException.unprocessable("allowedValues: only for ENUM fields");
    }
    boolean required = current != null && current.required();
    if (has(body, "required")) {
      if (!(body.get("required") instanceof Boolean b)) {
        throw ApiException.unprocessable("required: must be true or false");
      }
      required = b;
    }
    Object rawDefault = has(body, "default") ? body.get("default") : current == null ? null : current.defaultValue();
    Object defaultValue = null;
    if (rawDefault != null && !(rawDefault instanceof String s && s.isBlank())) {
      String tooLong = rawDefault instanceof String s
          ? ContactLimits.tooLong("default", s.trim(), ContactLimits.CUSTOM_FIELD_VALUE) : null;
      if (tooLong != null) {
        throw ApiException.unprocessable(tooLong);
      }
      FieldConversion converted = type.convert(rawDefault, allowed);
      if (converted instanceof FieldConversion.Failed failed) {
        throw ApiException.unprocessable("default: " + failed.reason());
      }
      defaultValue = ((FieldConversion.Converted) converted).converted();
    }
    String owner = has(body, "owner") ? text(body, "owner") : current == null ? null : current.owner();
    if (owner == null) {
      throw ApiException.unprocessable("owner: required (who answers for this field)");
    }
    String description = has(body, "description") ? text(body, "description")
        : current == null ? null : current.description();
    return new CustomFieldDefinition(key, label, type, allowed, required, defaultValue, owner, description,
        current == null ? now : current.createdAt(), now);
  }

  private static final Map<String, Integer> TEXT_LIMITS = Map.of("label", ContactLimits.CUSTOM_FIELD_LABEL,
      "owner", ContactLimits.CUSTOM_FIELD_OWNER, "description", ContactLimits.CUSTOM_FIELD_DESCRIPTION);

  private static boolean has(Map<String, Object> body, String member) {
    return body.containsKey(member);
  }

  private static String text(Map<String, Object> body, String member) {
    Object value = body.get(member);
    if (value == null) {
      return null;
    }
    if (!(value instanceof String s)) {
      throw ApiException.unprocessable(member + ": must be text");
    }
    if (s.isBlank()) {
      return null;
    }
    String text = s.trim();
    String tooLong = ContactLimits.tooLong(member, text, TEXT_LIMITS.getOrDefault(member, ContactLimits.ALLOWED_VALUE));
    if (tooLong != null) {
      throw ApiException.unprocessable(tooLong);
    }
    return text;
  }

  private static List<String> allowedValues(Object raw) {
    if (raw == null) {
      return List.of();
    }
    if (!(raw instanceof List<?> list)) {
      throw ApiException.unprocessable("allowedValues: must be a list of text");
    }
    if (list.size() > ContactLimits.ALLOWED_VALUES) {
      throw ApiException.unprocessable("allowedValues: at most " + ContactLimits.ALLOWED_VALUES + " values (got "
          + list.size() + ")");
    }
    Set<String> values = new LinkedHashSet<>();
    for (Object v : list) {
      if (!(v instanceof String s) || s.isBlank()) {
        throw ApiException.unprocessable("allowedValues: must be a list of non-blank text");
      }
      String tooLong = ContactLimits.tooLong("allowedValues", s.trim(), ContactLimits.ALLOWED_VALUE);
      if (tooLong != null) {
        throw ApiException.unprocessable(tooLong.replace("allowedValues: ", "allowedValues: a value has "));
      }
      if (!values.add(s.trim())) {
        throw ApiException.unprocessable("allowedValues: '" + s.trim() + "' listed twice");
      }
    }
    return List.copyOf(values);
  }
}
