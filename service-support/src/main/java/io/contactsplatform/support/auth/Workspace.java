package io.contactsplatform.support.auth;

/**
 * The caller a request acts for, decided by its API key and never by the request itself: the
 * key's workspace, the key's id and the key's name. Declare it as a controller method parameter to
 * receive it; {@link #actor()} is what audit trails record as who did something.
 *
 * @param id      the workspace id
 * @param keyId   the API key's id ({@code configured} for a key from configuration)
 * @param keyName the API key's name, unique in its workspace (e.g. {@code dialer}, {@code crm-sync})
 */
public record Workspace(String id, String keyId, String keyName) {

  /** Key id of every key provisioned through configuration rather than the admin API. */
  public static final String CONFIGURED_KEY_ID = "configured";

  /** The actor recorded in audit trails for what this caller does: the key's name. */
  public String actor() {
    return keyName;
  }
}
