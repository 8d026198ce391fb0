package io.contactsplatform.dncservice.imports;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/** The bounded pool of threads that read uploaded DNC files (blocking file I/O); further imports wait in line. */
@Configuration(proxyBeanMethods = false)
class DncImportConfiguration {

  static final String READERS = "dncImportReaders";

  @Bean(name = READERS, destroyMethod = "dispose")
  Scheduler dncImportReaders(@Value("${platform.dnc.import.reader-threads:2}") int threads) {
    return Schedulers.newBoundedElastic(threads, 10_000, "dnc-import-reader");
  }
}
