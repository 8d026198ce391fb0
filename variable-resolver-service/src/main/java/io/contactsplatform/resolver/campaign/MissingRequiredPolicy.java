package io.contactsplatform.resolver.campaign;

/**
 * What a required variable with no value from the runtime, mapping or static layers does:
 * {@code BLOCK} the call (its declared default is not used), or {@code USE_DEFAULT} (its declared
 * default is used; without one the call is still blocked). Optional variables always fall back to
 * their default.
 */
public enum MissingRequiredPolicy {
  BLOCK, USE_DEFAULT
}
