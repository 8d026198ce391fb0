package io.contactsplatform.resolver.state;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * Bounds the off-heap memory of every RocksDB store of the instance (the pattern of the Kafka
 * Streams memory-management guide): one LRU block cache and one write-buffer manager shared by
 * all stores, index and filter blocks counted in the cache. Heap use does not depend on the data
 * size at all; off-heap stays near {@code block-cache} (+ small per-store overhead). The sizes are
 * set once per JVM by {@link ResolverStreams} before the first store opens (Kafka Streams creates
 * this class by reflection). Known limit: every Streams application of the JVM shares the budget.
 */
public class BoundedRocksDbConfig implements RocksDBConfigSetter {

  private static long cacheBytes = 64L << 20;
  private static long writeBufferBytes = 32L << 20;
  private static Cache cache;
  private static WriteBufferManager writeBufferManager;

  /** Sets the budget; effective for stores opened afterwards, once per JVM. */
  static synchronized void configure(long blockCacheBytes, long writeBuffersBytes) {
    if (cache == null) {
      cacheBytes = blockCacheBytes;
      writeBufferBytes = Math.min(writeBuffersBytes, blockCacheBytes);
    }
  }

  private static synchronized void init() {
    if (cache == null) {
      cache = new LRUCache(cacheBytes, -1, false, 0.1);
      writeBufferManager = new WriteBufferManager(writeBufferBytes, cache);
    }
  }

  @Override
  public void setConfig(String storeName, Options options, Map<String, Object> configs) {
    init();
    BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
    table.setBlockCache(cache);
    table.setCacheIndexAndFilterBlocks(true);
    table.setCacheIndexAndFilterBlocksWithHighPriority(true);
    table.setPinTopLevelIndexAndFilter(true);
    options.setWriteBufferManager(writeBufferManager);
    options.setMaxWriteBufferNumber(2);
    options.setWriteBufferSize(Math.max(1L << 20, writeBufferBytes / 8));
    options.setTableFormatConfig(table);
  }

  @Override
  public void close(String storeName, Options options) {
    // the cache and the write-buffer manager are shared: never closed per store
  }
}
