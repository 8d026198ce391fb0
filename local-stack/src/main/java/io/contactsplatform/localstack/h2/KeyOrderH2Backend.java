package io.contactsplatform.localstack.h2;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.message.MongoQuery;
import io.netty.channel.Channel;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * mongo-java-server's H2 backend with its unique indexes (every {@code _id} among them) keyed by
 * {@link KeyOrder}: same file format and order, far fewer serialisations per lookup. The index maps
 * a database already has are opened with that key type before the database opens them (so the
 * first opener, which fixes a map's type, is this backend); indexes created later are opened the
 * same way. Limit: the index of the database's own namespace collection, created while a new
 * database is constructed, keeps the default key type (same order, only slower; it is tiny).
 *
 * <p>Every request (each command, and each legacy query; {@code handleMessage} hands its command to
 * {@code handleCommand}) runs with the store version it starts on registered as in use. mongo-java-server
 * reads H2's maps without doing so, and a read that walks many pages (a full-collection query)
 * while other clients keep writing failed with "Chunk … not found": H2's compaction had freed the
 * chunks of the version the read was walking (h2database issues #2118, #4383). Registered, those
 * chunks are kept until the request ends. Cursors are unaffected: mongo-java-server answers a
 * query's later batches from the documents it collected during the query.
 *
 * <p>A write is acknowledged only once the store has written it to its file ({@link #commitWrites}):
 * H2 otherwise writes in the background once a second, and a SIGKILL of the stack lost the last
 * second of acknowledged writes while Kafka kept the offsets committed after them (an import waited
 * for good on answers it had counted and lost). Commits are grouped: a writer whose change a commit
 * begun after it already wrote returns at once. With write-through, H2's background writer is not
 * started: it stores versions asynchronously (the next version opens at once, a serialisation
 * thread and a saver thread write the chunk later), so H2 reported "no unsaved changes" for a write
 * still queued, and a file left while two versions were queued could not be read again ("Chunk …
 * not found"). Every store is then this class's synchronous commit, and its housekeeping (rewriting
 * chunks that are mostly garbage, {@link #HOUSEKEEPING_EVERY}) runs on a thread of this class under
 * the same lock. Limit: the file is written, not fsynced, so acknowledged writes survive a killed
 * process but not a power cut of the machine.
 */
public final class KeyOrderH2Backend extends H2Backend {

  private static final String INDEX_MAP = "._index_";
  /** Commands that never change the store; every other command commits before it is answered. */
  private static final Set<String> READS = Set.of("find", "getmore", "count", "distinct", "aggregate", "hello",
      "ismaster", "ping", "buildinfo", "listcollections", "listindexes", "listdatabases", "killcursors",
      "endsessions", "dbstats", "collstats", "serverstatus", "getlasterror", "getparameter", "whatsmyuri",
      "getcmdlineopts", "hostinfo", "connectionstatus", "explain");

  /** Map of one counter, changed by each commit of {@link #commitWrites} so that H2 always stores. */
  private static final String COMMIT_MAP = "platform.write-through";

  /** How often chunks that are mostly garbage are rewritten (with write-through; H2 does it otherwise). */
  static final Duration HOUSEKEEPING_EVERY = Duration.ofSeconds(5);
  /** H2's own target: chunks less full than this are rewritten. */
  private static final int COMPACT_FILL_RATE = 90;
  /** At most this much is rewritten per round, so one round holds writers up briefly. */
  private static final int COMPACT_BYTES = 4 << 20;
  private static final Logger log = LoggerFactory.getLogger(KeyOrderH2Backend.class);

  private final Object commitLock = new Object();
  private final boolean writeThrough;
  private final ScheduledExecutorService housekeeping;
  /** The {@link #COMMIT_MAP} map, opened once (with write-through only). */
  private final MVMap<String, Long> marker;
  /** Changes finished so far (each writer takes a number once its command is done). */
  private final AtomicLong changes = new AtomicLong();
  /** The highest change number a completed synchronous commit covers; guarded by {@link #commitLock}. */
  private long written;

  public KeyOrderH2Backend(String fileName) {
    this(fileName, cacheMegabytes());
  }

  KeyOrderH2Backend(String fileName, int cacheMegabytes) {
    this(fileName, cacheMegabytes, writeThrough());
  }

  KeyOrderH2Backend(String fileName, int cacheMegabytes, boolean writeThrough) {
    super(open(fileName, cacheMegabytes, writeThrough));
    this.writeThrough = writeThrough;
    this.marker = writeThrough ? getMvStore().openMap(COMMIT_MAP) : null;
    if (writeThrough) {
      housekeeping = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "store-housekeeping");
        thread.setDaemon(true);
        return thread;
      });
      long every = HOUSEKEEPING_EVERY.toMillis();
      housekeeping.scheduleWithFixedDelay(this::houseKeep, every, every, TimeUnit.MILLISECONDS);
    } else {
      housekeeping = null;
    }
  }

  private static MVStore open(String fileName, int cacheMegabytes, boolean writeThrough) {
    MVStore.Builder builder = new MVStore.Builder().fileName(fileName).cacheSize(cacheMegabytes);
    return (writeThrough ? builder.autoCommitDisabled() : builder).open();
  }

  /**
   * What H2's background writer would do besides writing: rewrites the live pages of chunks that are
   * mostly garbage (H2's default target fill rate), so the file does not grow with dead space; then
   * commits them like any write. A failure is logged and tried again next time.
   */
  void houseKeep() {
    MVStore store = getMvStore();
    try {
      synchronized (commitLock) {
        if (!store.isClosed() && store.compact(COMPACT_FILL_RATE, COMPACT_BYTES)) {
          commitLocked(store, changes.get());
        }
      }
    } catch (RuntimeException e) {
      if (!store.isClosed()) {
        log.warn("store housekeeping failed (tried again in {}): {}", HOUSEKEEPING_EVERY, e.toString());
      }
    }
  }

  @Override
  public void close() {
    if (housekeeping != null) {
      housekeeping.shutdownNow();
    }
    super.close();
  }

  /**
   * Whether a write is answered only once it is in the file: {@code PLATFORM_STORE_WRITE_THROUGH}
   * (default true). {@code false} gives H2's own once-a-second background write back (more
   * throughput; a killed stack loses up to a second of acknowledged writes).
   */
  static boolean writeThrough() {
    String configured = System.getenv("PLATFORM_STORE_WRITE_THROUGH");
    return configured == null || configured.isBlank() || Boolean.parseBoolean(configured.trim());
  }

  /**
   * H2's page cache: {@code PLATFORM_STORE_CACHE_MB}, else a sixth of the maximum heap between
   * 16 MB (H2's default) and 256 MB. With the default 16 MB, an import of a few hundred thousand
   * contacts spent a third of the store's time reading back and deserialising index pages.
   */
  static int cacheMegabytes() {
    String configured = System.getenv("PLATFORM_STORE_CACHE_MB");
    if (configured != null && !configured.isBlank()) {
      return Integer.parseInt(configured.trim());
    }
    long sixth = Runtime.getRuntime().maxMemory() / 6 / (1 << 20);
    return (int) Math.max(16, Math.min(256, sixth));
  }

  @Override
  public Document handleCommand(Channel channel, String databaseName, String command, Document query) {
    try {
      return withVersionInUse(() -> super.handleCommand(channel, databaseName, command, query));
    } finally {
      if (writeThrough && !READS.contains(command.toLowerCase(Locale.ROOT))) {
        commitWrites();
      }
    }
  }

  /**
   * Returns once every change made so far is in the store file: when a synchronous commit begun
   * after this writer's change has completed (a group commit: one commit serves every writer that
   * was waiting for it). The commit changes a counter map first, so H2 always stores, whatever it
   * says about unsaved changes.
   */
  void commitWrites() {
    long mine = changes.incrementAndGet();
    synchronized (commitLock) {
      if (written >= mine) {
        return;
      }
      commitLocked(getMvStore(), changes.get());
    }
  }

  /**
   * One synchronous commit covering change {@code upTo}; the caller holds {@link #commitLock}. A
   * store closed meanwhile (a stop, or H2's panic on a full disk) fails the write's answer: it is
   * not acknowledged.
   */
  private void commitLocked(MVStore store, long upTo) {
    while (!store.isClosed()) {
      marker.put("changes", upTo);
      // -1 when another store ran between the change and this call: try again
      if (store.commit() >= 0) {
        written = upTo;
        return;
      }
    }
    throw new IllegalStateException("the store closed before this write was written to its file");
  }

  @Override
  public QueryResult handleQuery(MongoQuery query) {
    return withVersionInUse(() -> super.handleQuery(query));
  }

  private <T> T withVersionInUse(Supplier<T> request) {
    MVStore store = getMvStore();
    MVStore.TxCounter inUse = store.registerVersionUsage();
    try {
      return request.get();
    } finally {
      store.deregisterVersionUsage(inUse);
    }
  }

  @Override
  protected MongoDatabase openOrCreateDatabase(String databaseName) {
    MVStore store = getMvStore();
    store.getMapNames().stream()
        .filter(name -> name.startsWith(databaseName + ".") && name.contains(INDEX_MAP))
        .forEach(name -> openIndexMap(store, name));
    return new Database(databaseName, store, this);
  }

  /** Whether H2 has closed the store file (on a close, or on a panic: full disk, out of memory while writing). */
  public boolean isStoreClosed() {
    return getMvStore().isClosed();
  }

  static MVMap<KeyValue, Object> openIndexMap(MVStore store, String name) {
    return store.openMap(name, new MVMap.Builder<KeyValue, Object>().keyType(new KeyOrder()));
  }

  /**
   * Opens each new unique index's map with {@link KeyOrder} before H2Database opens it by name, and
   * lets the index serve queries with further conditions ({@link UniqueKeyLookup}).
   */
  private static final class Database extends H2Database {

    private final MVStore store;

    Database(String databaseName, MVStore store, KeyOrderH2Backend backend) {
      super(databaseName, store, backend.getCursorRegistry());
      this.store = store;
    }

    @Override
    protected Index<Object> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys,
                                                    boolean sparse) {
      if (store != null) {
        openIndexMap(store, getFullCollectionNamespace(collectionName) + INDEX_MAP + indexName);
      }
      return new UniqueKeyLookup<>(super.openOrCreateUniqueIndex(collectionName, indexName, keys, sparse), keys, sparse);
    }
  }
}
