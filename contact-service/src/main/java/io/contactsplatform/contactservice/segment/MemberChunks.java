package io.contactsplatform.contactservice.segment;

import com.mongodb.client.model.Filters;
import com.mongodb.reactivestreams.client.MongoCollection;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A long, ordered list of contact ids (a static segment's members, a bulk job's frozen
 * selection) stored as chunks of {@value #CHUNK} ids keyed {@code <owner>|<chunk number>} on
 * {@code _id}, so any position is one primary-key read away, no document grows past a few
 * tens of KB, and writing or reading a million ids keeps memory flat.
 */
public final class MemberChunks {

  public static final int CHUNK = 1000;

  private final MongoCollection<Document> chunks;

  public MemberChunks(MongoCollection<Document> chunks) {
    this.chunks = chunks;
  }

  private static String chunkId(String owner, long chunk) {
    return owner + "|" + String.format("%09d", chunk);
  }

  /** Writes {@code ids} in order (replacing what {@code owner} had); the number written. */
  public Mono<Long> write(String owner, Flux<String> ids) {
    return delete(owner).then(ids.buffer(CHUNK)
        .index()
        .concatMap(chunk -> Mono.from(chunks.insertOne(new Document("_id", chunkId(owner, chunk.getT1()))
            .append("owner", owner).append("ids", chunk.getT2()))).thenReturn((long) chunk.getT2().size()))
        .reduce(0L, Long::sum));
  }

  /** Up to {@code count} ids from position {@code from} (0-based). */
  public Mono<List<String>> read(String owner, long from, int count) {
    long first = from / CHUNK;
    long last = (from + count - 1) / CHUNK;
    List<String> wanted = new ArrayList<>();
    for (long c = first; c <= last; c++) {
      wanted.add(chunkId(owner, c));
    }
    return Flux.from(chunks.find(Filters.in("_id", wanted)))
        .collectMap(d -> d.getString("_id"), d -> d.getList("ids", String.class))
        .map(found -> {
          List<String> ids = new ArrayList<>();
          for (long c = first; c <= last; c++) {
            List<String> chunk = found.get(chunkId(owner, c));
            if (chunk == null) {
              break;
            }
            for (int i = 0; i < chunk.size(); i++) {
              long position = c * CHUNK + i;
              if (position >= from && position < from + count) {
                ids.add(chunk.get(i));
              }
            }
          }
          return ids;
        });
  }

  /** Every id, chunk by chunk. */
  public Flux<List<String>> chunks(String owner, long size) {
    return chunks(owner, size, 0);
  }

  /** The ids chunk by chunk, starting with chunk number {@code fromChunk}. */
  public Flux<List<String>> chunks(String owner, long size, long fromChunk) {
    long count = (size + CHUNK - 1) / CHUNK;
    return Flux.range((int) fromChunk, (int) Math.max(0, count - fromChunk))
        .concatMap(c -> Mono.from(chunks.find(Filters.eq("_id", chunkId(owner, c))).first())
            .map(d -> d.getList("ids", String.class)));
  }

  public Mono<Void> delete(String owner) {
    return Mono.from(chunks.deleteMany(Filters.eq("owner", owner))).then();
  }
}
