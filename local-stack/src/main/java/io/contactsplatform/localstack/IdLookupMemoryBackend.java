package io.contactsplatform.localstack;

import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.backend.memory.MemoryDatabase;
import io.contactsplatform.localstack.h2.UniqueKeyLookup;
import java.util.List;

/**
 * mongo-java-server's memory backend whose unique indexes also serve queries naming their key with
 * further conditions ({@link UniqueKeyLookup}), like the on-disk store, so tests see the same query
 * plans as the local stack. Limits: those of the memory backend (nothing survives a restart).
 */
final class IdLookupMemoryBackend extends MemoryBackend {

  @Override
  public MemoryDatabase openOrCreateDatabase(String databaseName) {
    return new MemoryDatabase(databaseName, getCursorRegistry()) {
      @Override
      protected Index<Integer> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys,
                                                       boolean sparse) {
        return new UniqueKeyLookup<>(super.openOrCreateUniqueIndex(collectionName, indexName, keys, sparse), keys,
            sparse);
      }
    };
  }
}
