package io.contactsplatform.support.auth;

/**
 * The workspace a request acts for, decided by its API key and never by the request itself.
 * Declare it as a controller method parameter to receive the caller's workspace.
 */
public record Workspace(String id) {
}
