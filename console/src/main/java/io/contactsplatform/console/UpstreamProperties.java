package io.contactsplatform.console;

import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Base URLs of the four services the console forwards to ({@code platform.console.upstreams.*},
 * from {@code CONTACT_SERVICE_URL}, {@code IMPORT_SERVICE_URL}, {@code DNC_SERVICE_URL},
 * {@code RESOLVER_SERVICE_URL}).
 */
@ConfigurationProperties("platform.console.upstreams")
public record UpstreamProperties(URI contacts, URI imports, URI dnc, URI resolver) {
}
