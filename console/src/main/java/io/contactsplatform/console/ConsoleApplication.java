package io.contactsplatform.console;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * The operator console: one URL for operators and integrators. Routes {@code /api/<service>/**}
 * to the four services ({@link ApiRoutes}) and serves the web app built into the jar
 * ({@link SinglePageAppFallback}). It holds no keys and adds no trust: every API call is
 * authenticated by the service it reaches.
 */
@SpringBootApplication
@EnableConfigurationProperties(UpstreamProperties.class)
public class ConsoleApplication {

  public static void main(String[] args) {
    SpringApplication.run(ConsoleApplication.class, args);
  }
}
