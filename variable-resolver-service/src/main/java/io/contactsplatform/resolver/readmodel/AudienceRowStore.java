package io.contactsplatform.resolver.readmodel;

import io.contactsplatform.events.audience.AudienceRow;
import io.contactsplatform.schemas.InvalidEventException;
import io.contactsplatform.support.phone.PhoneNumbers;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * In-memory view of audience-rows, rebuilt by every instance from the compacted topic like the
 * other hot views ({@link ReadModelGroup}, loaded before calls are allowed: {@link ContactViewLoad}).
 * Rows are keyed {@code workspace|campaign|E.164} with the row's columns (last write wins per key:
 * rows of one key share a partition, so arrival order is publish order; replaying a row sets the
 * same state). Each import lists its numbers in row order, for readiness reports. Known limit:
 * memory grows with the audiences (about 0.3 KB per row of ten short columns).
 */
@Component
public class AudienceRowStore {

  private final Map<String, Map<String, String>> rows = new ConcurrentHashMap<>();
  private final Map<String, ImportRows> imports = new ConcurrentHashMap<>();

  /** The numbers of one import by row number (rows without one after them, in arrival order). */
  private static final class ImportRows {
    private volatile String campaignId;
    private final TreeMap<Long, String> byRow = new TreeMap<>();
    private final Set<String> unnumbered = new LinkedHashSet<>();
  }

  static String key(String workspaceId, String campaignId, String e164) {
    return workspaceId + "|" + campaignId + "|" + e164;
  }

  static String importKey(String workspaceId, String importId) {
    return workspaceId + "|" + importId;
  }

  /** Replaces the held row of (campaign, number) with this one and lists the number under its import. */
  public Mono<Void> apply(AudienceRow row) {
    return Mono.fromRunnable(() -> {
      if (row.getCampaignId() == null || row.getCampaignId().isBlank()) {
        throw new InvalidEventException("AudienceRow has no campaignId");
      }
      String e164 = row.getPhoneE164();
      if (e164 == null || !e164.equals(PhoneNumbers.toE164(e164, null).orElse(null))) {
        throw new InvalidEventException("AudienceRow phoneE164 is not valid E.164");
      }
      rows.put(key(row.getWorkspaceId(), row.getCampaignId(), e164),
          Collections.unmodifiableMap(new LinkedHashMap<>(row.getColumns())));
      if (row.getImportId() != null && !row.getImportId().isBlank()) {
        ImportRows listed = imports.computeIfAbsent(importKey(row.getWorkspaceId(), row.getImportId()),
            k -> new ImportRows());
        synchronized (listed) {
          listed.campaignId = row.getCampaignId();
          if (row.getRowNumber() != null) {
            listed.byRow.put(row.getRowNumber(), e164);
          } else {
            listed.unnumbered.add(e164);
          }
        }
      }
    });
  }

  /** The columns of the number's row in this campaign's audience; empty when it has none. */
  public Mono<Map<String, String>> columns(String workspaceId, String campaignId, String e164) {
    return Mono.justOrEmpty(rows.get(key(workspaceId, campaignId, e164)));
  }

  /** The columns of each of these numbers that has a row in this campaign's audience. */
  public Mono<Map<String, Map<String, String>>> columns(String workspaceId, String campaignId, Collection<String> e164s) {
    return Mono.fromSupplier(() -> {
      Map<String, Map<String, String>> found = new HashMap<>();
      for (String e164 : e164s) {
        Map<String, String> columns = rows.get(key(workspaceId, campaignId, e164));
        if (columns != null) {
          found.put(e164, columns);
        }
      }
      return found;
    });
  }

  /** The numbers of an import's audience rows in this workspace, in row order; empty when the import has none. */
  public Mono<ImportAudience> importAudience(String workspaceId, String importId) {
    return Mono.fromSupplier(() -> {
      ImportRows listed = imports.get(importKey(workspaceId, importId));
      if (listed == null) {
        return null;
      }
      synchronized (listed) {
        Set<String> phones = new LinkedHashSet<>(listed.byRow.values());
        phones.addAll(listed.unnumbered);
        return new ImportAudience(importId, listed.campaignId, List.copyOf(phones));
      }
    });
  }

  /** The numbers an import put in a campaign audience ({@code campaignId} of its latest row). */
  public record ImportAudience(String importId, String campaignId, List<String> phones) {
  }
}
