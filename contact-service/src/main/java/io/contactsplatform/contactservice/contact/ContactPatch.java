package io.contactsplatform.contactservice.contact;

import io.contactsplatform.contactservice.customfield.CustomFieldDefinition;
import io.contactsplatform.contactservice.customfield.CustomFieldValues;
import io.contactsplatform.support.phone.ParsedPhone;
import io.contactsplatform.support.phone.PhoneNumbers;
import io.contactsplatform.support.web.ApiException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A partial update of a contact, JSON merge-patch style: a field present sets it, {@code null}
 * clears it (phone and status cannot be cleared), an absent field is left alone. Custom fields
 * are changed per key, in {@code customFields} or as top-level {@code cf:<key>} members. Values
 * are checked when the patch is built (422 naming the field); unknown members and read-only ones
 * are a 400. Changing the phone re-infers an inferred timezone from the new number.
 */
public final class ContactPatch {

  /** Every field a patch may set. */
  public static final Set<String> ALL_FIELDS = Set.of("phone", "phoneExtension", "externalId", "firstName",
      "lastName", "email", "company", "country", "timezone", "tags", "doNotCall", "customFields", "status");
  /** Fields a bulk SET_FIELDS may set (identity and status have their own paths). */
  public static final Set<String> BULK_FIELDS = Set.of("firstName", "lastName", "email", "company", "country",
      "timezone", "tags", "doNotCall", "customFields");
  private static final Set<String> READ_ONLY = Set.of("id", "workspaceId", "version", "createdAt", "updatedAt",
      "source", "timezoneSource", "timezoneCandidates", "dnc");

  private final Map<String, Object> values;
  private final Map<String, Object> customFieldChanges;
  private final Map<String, CustomFieldDefinition> definitions;

  private ContactPatch(Map<String, Object> values, Map<String, Object> customFieldChanges,
                       Map<String, CustomFieldDefinition> definitions) {
    this.values = values;
    this.customFieldChanges = customFieldChanges;
    this.definitions = definitions;
  }

  /** Checks {@code body} against {@code allowed} fields and the workspace's custom field definitions. */
  public static ContactPatch of(Map<String, Object> body, Map<String, CustomFieldDefinition> definitions,
                                Set<String> allowed) {
    if (body == null || body.isEmpty()) {
      throw ApiException.badRequest("body: no field to change");
    }
    Map<String, Object> values = new LinkedHashMap<>();
    Map<String, Object> customFields = new LinkedHashMap<>();
    body.forEach((field, value) -> {
      if (field.startsWith("cf:") && allowed.contains("customFields")) {
        customFields.put(field.substring(3), value);
      } else if (field.equals("customFields") && allowed.contains(field)) {
        if (value == null) {
          throw ApiException.unprocessable("customFields: cannot be null; set each field to null to clear it");
        }
        if (!(value instanceof Map<?, ?> map)) {
          throw ApiException.unprocessable("customFields: must be an object");
        }
        map.forEach((k, v) -> customFields.put(CustomFieldValues.unqualified(String.valueOf(k)), v));
      } else if (allowed.contains(field)) {
        values.put(field, check(field, value));
      } else if (READ_ONLY.contains(field) || ALL_FIELDS.contains(field)) {
        throw ApiException.badRequest(field + ": cannot be changed here");
      } else {
        throw ApiException.badRequest(field + ": not a contact field");
      }
    });
    customFields.forEach((key, value) -> {
      CustomFieldDefinition definition = definitions.get(key);
      if (definition == null) {
        throw ApiException.unprocessable("cf:" + key + ": no such custom field in this workspace");
      }
      if (value == null && definition.required()) {
        throw ApiException.unprocessable("cf:" + key + ": required, cannot be cleared");
      }
      try {
        CustomFieldValues.convert(definition, value);
      } catch (CustomFieldValues.Violation e) {
        throw ApiException.unprocessable(e.getMessage());
      }
    });
    return new ContactPatch(values, customFields, definitions);
  }

  private static Object check(String field, Object value) {
    return switch (field) {
      case "phone" -> {
        if (value == null) {
          throw ApiException.unprocessable("phone: required, cannot be cleared");
        }
        yield ContactRules.text("phone", value);
      }
      case "email" -> ContactRules.email(value);
      case "country" -> ContactRules.country(value);
      case "timezone" -> ContactRules.zone(value);
      case "tags" -> ContactRules.tags("tags", value);
      case "doNotCall" -> ContactRules.flag("doNotCall", value);
      case "status" -> {
        String status = ContactRules.text("status", value);
        String upper = status == null ? null : status.toUpperCase(Locale.ROOT);
        if (!Contact.ACTIVE.equals(upper) && !Contact.ARCHIVED.equals(upper)) {
          throw ApiException.unprocessable("status: must be ACTIVE or ARCHIVED (erase with DELETE ?erase=true)");
        }
        yield upper;
      }
      default -> ContactRules.text(field, value);
    };
  }

  boolean changes(String field) {
    return values.containsKey(field);
  }

  /** The patched contact (same version and timestamps; the caller bumps them). */
  public Contact applyTo(Contact c) {
    String country = (String) pick("country", c.country());
    String phone = c.phoneE164();
    String extension = (String) pick("phoneExtension", c.phoneExtension());
    ParsedPhone parsed = null;
    if (values.containsKey("phone")) {
      parsed = ContactRules.phone(values.get("phone"), country);
      phone = parsed.e164();
      if (!values.containsKey("phoneExtension")) {
        extension = parsed.extension();
      }
    }
    String zone = c.timezone();
    String zoneSource = c.timezoneSource();
    List<String> candidates = c.timezoneCandidates();
    boolean phoneChanged = !phone.equals(c.phoneE164());
    if (values.containsKey("timezone") || phoneChanged && !"PROVIDED".equals(c.timezoneSource())) {
      String provided = values.containsKey("timezone") ? (String) values.get("timezone")
          : null;
      ParsedPhone forZones = parsed != null ? parsed : PhoneNumbers.parse(phone, null).orElse(null);
      ContactRules.Timezone timezone = ContactRules.timezone(provided, forZones);
      zone = timezone.zone();
      zoneSource = timezone.source();
      candidates = timezone.candidates();
    }
    Map<String, Object> customFields = c.customFields();
    if (!customFieldChanges.isEmpty()) {
      try {
        customFields = CustomFieldValues.patch(c.customFields(), customFieldChanges, definitions);
      } catch (CustomFieldValues.Violation e) {
        throw ApiException.unprocessable(e.getMessage());
      }
    }
    @SuppressWarnings("unchecked")
    List<String> tags = (List<String>) pick("tags", c.tags());
    return new Contact(c.id(), c.workspaceId(), phone, extension, (String) pick("externalId", c.externalId()),
        (String) pick("firstName", c.firstName()), (String) pick("lastName", c.lastName()),
        (String) pick("email", c.email()), (String) pick("company", c.company()), country, zone, zoneSource,
        candidates, tags, (Boolean) pick("doNotCall", c.doNotCall()), customFields, c.source(),
        (String) pick("status", c.status()), c.createdAt(), c.updatedAt(), c.version());
  }

  private Object pick(String field, Object current) {
    return values.containsKey(field) ? values.get(field) : current;
  }
}
