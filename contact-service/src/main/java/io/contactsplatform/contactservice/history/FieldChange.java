package io.contactsplatform.contactservice.history;

/**
 * One field a change touched, by its API name ({@code phone}, {@code firstName}, {@code tags},
 * ... or {@code cf:<key>} for custom fields), with its value before and after (null: no value).
 */
public record FieldChange(String field, Object before, Object after) {
}
