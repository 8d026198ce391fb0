package io.contactsplatform.resolver.campaign;

/**
 * One agent variable a campaign declares: its snake_case name, optional {@link Binding}, whether
 * the call must not start without a value, and an optional declared default (the lowest layer).
 */
public record VariableDefinition(String name, Binding binding, boolean required, String defaultValue) {
}
