package io.contactsplatform.support.openapi;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * What the OpenAPI description says about the service itself ({@code platform.openapi.*}): its
 * title (default {@code spring.application.name}), API version, a one-line description, and the one
 * server URL it lists. The server URL is fixed configuration, never the port a request came in on,
 * so the committed specs under {@code docs/openapi/} stay stable.
 */
@ConfigurationProperties("platform.openapi")
public record OpenApiProperties(String title, String version, String description, String serverUrl) {

  public OpenApiProperties {
    version = version == null || version.isBlank() ? "v1" : version;
  }
}
