package io.contactsplatform.importservice.importjob;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code platform.import.*}: where uploads are spooled while they are read ({@code spool-dir},
 * default {@code <tmp>/import-service-spool}), rows per write batch ({@code batch-size}, 500) and
 * how many files are read at once ({@code reader-threads}, 2; further imports wait in line).
 */
@ConfigurationProperties("platform.import")
record ImportProperties(Path spoolDir, Integer batchSize, Integer readerThreads) {

  ImportProperties {
    spoolDir = spoolDir != null ? spoolDir : Path.of(System.getProperty("java.io.tmpdir"), "import-service-spool");
    batchSize = batchSize != null && batchSize > 0 ? batchSize : 500;
    readerThreads = readerThreads != null && readerThreads > 0 ? readerThreads : 2;
  }
}
