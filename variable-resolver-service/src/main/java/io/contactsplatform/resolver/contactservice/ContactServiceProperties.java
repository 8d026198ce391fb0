package io.contactsplatform.resolver.contactservice;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where contact-service answers REST ({@code platform.resolver.contact-service.*}): its base URL
 * (default {@code http://localhost:8081}) and how long one request may take (default 5 s).
 */
@ConfigurationProperties("platform.resolver.contact-service")
record ContactServiceProperties(URI baseUrl, Duration timeout) {

  ContactServiceProperties {
    baseUrl = baseUrl == null ? URI.create("http://localhost:8081") : baseUrl;
    timeout = timeout == null ? Duration.ofSeconds(5) : timeout;
  }
}
