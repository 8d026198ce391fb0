package io.contactsplatform.contactservice.contact;

import java.util.List;
import java.util.Map;

/**
 * Body of {@code POST /v1/contacts}: phone in any format (region from {@code country}, else US),
 * custom fields by key.
 */
record NewContact(String phone, String phoneExtension, String externalId, String firstName, String lastName,
                  String email, String company, String country, String timezone, List<String> tags,
                  Boolean doNotCall, Map<String, Object> customFields) {
}
