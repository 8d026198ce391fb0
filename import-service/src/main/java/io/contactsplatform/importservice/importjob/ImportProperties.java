package io.contactsplatform.importservice.importjob;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * {@code platform.import.*}: where uploads are spooled while they are read ({@code spool-dir},
 * default {@code <tmp>/import-service-spool}; keep it on a disk that survives a restart, the
 * resume needs it), the largest accepted upload ({@code max-file-size}, 512MB; over it: 413),
 * rows per batch ({@code batch-size}, 500) and how many files are read at once
 * ({@code reader-threads}, 2; further imports wait in line), and the most distinct numbers a
 * dry run asks contact-service about ({@code dry-run-lookup-limit}, 10,000; beyond it the dry run
 * reports {@code newOrUpdated} without splitting it).
 */
@ConfigurationProperties("platform.import")
record ImportProperties(Path spoolDir, DataSize maxFileSize, Integer batchSize, Integer readerThreads,
                        Integer dryRunLookupLimit) {

  ImportProperties {
    spoolDir = spoolDir != null ? spoolDir : Path.of(System.getProperty("java.io.tmpdir"), "import-service-spool");
    maxFileSize = maxFileSize != null ? maxFileSize : DataSize.ofMegabytes(512);
    batchSize = batchSize != null && batchSize > 0 ? batchSize : 500;
    readerThreads = readerThreads != null && readerThreads > 0 ? readerThreads : 2;
    dryRunLookupLimit = dryRunLookupLimit != null && dryRunLookupLimit >= 0 ? dryRunLookupLimit : 10_000;
  }
}
