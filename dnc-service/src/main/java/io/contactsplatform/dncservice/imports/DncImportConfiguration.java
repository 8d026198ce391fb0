package io.contactsplatform.dncservice.imports;

import io.contactsplatform.support.upload.Uploads;
import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The bounded pool of threads that read uploaded DNC files (blocking file I/O; further imports
 * wait in line), and the upload handling: spooled to {@code platform.dnc.import.spool-dir}, at most
 * {@code platform.dnc.import.max-file-size} (512MB; over it: 413).
 */
@Configuration(proxyBeanMethods = false)
class DncImportConfiguration {

  static final String READERS = "dncImportReaders";

  @Bean(name = READERS, destroyMethod = "dispose")
  Scheduler dncImportReaders(@Value("${platform.dnc.import.reader-threads:2}") int threads) {
    return Schedulers.newBoundedElastic(threads, 10_000, "dnc-import-reader");
  }

  @Bean
  Uploads dncUploads(@Value("${platform.dnc.import.spool-dir:${java.io.tmpdir}/dnc-service-spool}") Path spoolDir,
                     @Value("${platform.dnc.import.max-file-size:512MB}") DataSize maxFileSize) {
    return new Uploads(spoolDir, maxFileSize, "platform.dnc.import.max-file-size", "dnc-import-");
  }
}
