package io.contactsplatform.importservice.importjob;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/** Import settings and the bounded pool of threads that read uploaded files (blocking file I/O). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ImportProperties.class)
class ImportConfiguration {

  static final String READERS = "importReaders";

  @Bean(name = READERS, destroyMethod = "dispose")
  Scheduler importReaders(ImportProperties properties) {
    return Schedulers.newBoundedElastic(properties.readerThreads(), 10_000, "import-reader");
  }
}
