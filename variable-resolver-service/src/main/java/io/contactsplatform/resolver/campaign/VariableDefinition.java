package io.contactsplatform.resolver.campaign;

/**
 * One agent variable a campaign declares: its snake_case name, type, optional {@link Binding},
 * whether the call must not start without a value, and an optional declared default (the lowest
 * layer, already normalised to the type).
 */
public record VariableDefinition(String name, VariableType type, Binding binding, boolean required,
                                 String defaultValue) {

  public VariableDefinition {
    type = type == null ? VariableType.TEXT : type;
  }

  /** A TEXT variable. */
  public VariableDefinition(String name, Binding binding, boolean required, String defaultValue) {
    this(name, VariableType.TEXT, binding, required, defaultValue);
  }
}
