package io.contactsplatform.resolver.campaign;

import java.util.Set;
import reactor.core.publisher.Mono;

/**
 * The custom fields a workspace has defined (owned by contact-service), asked with the caller's
 * own {@code Authorization} header so the answer is scoped to the caller's workspace. Fails with
 * a 502 problem when the owner cannot be asked.
 */
public interface CustomFieldCatalog {

  Mono<Set<String>> keys(String authorization);
}
