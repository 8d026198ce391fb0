package io.contactsplatform.resolver.readiness;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.bson.Document;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Readiness report jobs in MongoDB, collection {@code readiness_reports} keyed by report id. Group
 * names (statuses, hours, variable names) are stored as name/value pairs, never as field names.
 */
@Component
class ReadinessReportStore {

  private final MongoCollection<Document> reports;

  ReadinessReportStore(MongoDatabase database) {
    this.reports = database.getCollection("readiness_reports");
  }

  Mono<ReadinessReport> create(ReadinessReport report) {
    return Mono.from(reports.insertOne(new Document("_id", report.reportId())
            .append("workspaceId", report.workspaceId())
            .append("campaignId", report.campaignId())
            .append("importId", report.importId())
            .append("segmentId", report.segmentId())
            .append("at", Date.from(report.at()))
            .append("status", report.status().name())
            .append("total", report.total())
            .append("processed", report.processed())
            .append("createdAt", Date.from(report.createdAt()))
            .append("updatedAt", Date.from(report.updatedAt()))))
        .thenReturn(report);
  }

  Mono<Void> progress(String reportId, long processed, Instant now) {
    return Mono.from(reports.updateOne(Filters.eq("_id", reportId),
        Updates.combine(Updates.set("processed", processed), Updates.set("updatedAt", Date.from(now))))).then();
  }

  Mono<Void> complete(String reportId, ReadinessTally.Result result, Instant now) {
    return Mono.from(reports.updateOne(Filters.eq("_id", reportId), Updates.combine(
        Updates.set("status", ReadinessReport.Status.COMPLETED.name()),
        Updates.set("processed", result.members()),
        Updates.set("result", toDocument(result)),
        Updates.set("updatedAt", Date.from(now)),
        Updates.set("finishedAt", Date.from(now))))).then();
  }

  Mono<Void> fail(String reportId, String reason, Instant now) {
    return Mono.from(reports.updateOne(Filters.eq("_id", reportId), Updates.combine(
        Updates.set("status", ReadinessReport.Status.FAILED.name()),
        Updates.set("failureReason", reason),
        Updates.set("updatedAt", Date.from(now)),
        Updates.set("finishedAt", Date.from(now))))).then();
  }

  /** The report in this workspace; empty for other workspaces' reports. */
  Mono<ReadinessReport> find(String workspaceId, String reportId) {
    return Mono.from(reports.find(Filters.eq("_id", reportId)).first())
        .filter(d -> workspaceId.equals(d.getString("workspaceId")))
        .map(ReadinessReportStore::fromDocument);
  }

  private static Document toDocument(ReadinessTally.Result r) {
    List<Document> statuses = new ArrayList<>();
    r.byStatus().forEach((status, bucket) -> statuses.add(bucket(bucket).append("status", status)));
    List<Document> hours = new ArrayList<>();
    r.outsideWindowByHour().forEach((hour, count) -> hours.add(new Document("hour", Date.from(hour)).append("count", count)));
    List<Document> missing = new ArrayList<>();
    r.missingByVariable().forEach((name, count) -> missing.add(new Document("variable", name).append("count", count)));
    return new Document("members", r.members())
        .append("byStatus", statuses)
        .append("outsideWindowByHour", hours)
        .append("missingByVariable", missing)
        .append("unknownTimezone", bucket(r.unknownTimezone()));
  }

  private static Document bucket(ReadinessTally.Bucket bucket) {
    List<Document> samples = new ArrayList<>();
    for (ReadinessTally.Sample s : bucket.samples()) {
      samples.add(new Document("contactId", s.contactId())
          .append("phoneE164", s.phoneE164())
          .append("reason", s.reason())
          .append("nextAllowedAt", s.nextAllowedAt() == null ? null : Date.from(s.nextAllowedAt()))
          .append("missing", s.missing()));
    }
    return new Document("count", bucket.count()).append("samples", samples);
  }

  private static ReadinessTally.Bucket bucketOf(Document d) {
    List<ReadinessTally.Sample> samples = new ArrayList<>();
    for (Document s : d.getList("samples", Document.class, List.of())) {
      samples.add(new ReadinessTally.Sample(s.getString("contactId"), s.getString("phoneE164"), s.getString("reason"),
          instant(s.getDate("nextAllowedAt")), s.getList("missing", String.class, List.of())));
    }
    return new ReadinessTally.Bucket(d.get("count", Number.class).longValue(), samples);
  }

  private static ReadinessReport fromDocument(Document d) {
    Document r = d.get("result", Document.class);
    ReadinessTally.Result result = null;
    if (r != null) {
      Map<String, ReadinessTally.Bucket> statuses = new LinkedHashMap<>();
      for (Document s : r.getList("byStatus", Document.class, List.of())) {
        statuses.put(s.getString("status"), bucketOf(s));
      }
      Map<Instant, Long> hours = new TreeMap<>();
      for (Document h : r.getList("outsideWindowByHour", Document.class, List.of())) {
        hours.put(h.getDate("hour").toInstant(), h.get("count", Number.class).longValue());
      }
      Map<String, Long> missing = new TreeMap<>();
      for (Document m : r.getList("missingByVariable", Document.class, List.of())) {
        missing.put(m.getString("variable"), m.get("count", Number.class).longValue());
      }
      result = new ReadinessTally.Result(r.get("members", Number.class).longValue(), statuses, hours, missing,
          bucketOf(r.get("unknownTimezone", Document.class)));
    }
    Number total = d.get("total", Number.class);
    return new ReadinessReport(d.getString("_id"), d.getString("workspaceId"), d.getString("campaignId"),
        d.getString("importId"), d.getString("segmentId"), instant(d.getDate("at")),
        ReadinessReport.Status.valueOf(d.getString("status")), total == null ? null : total.longValue(),
        d.get("processed", Number.class).longValue(), instant(d.getDate("createdAt")), instant(d.getDate("updatedAt")),
        instant(d.getDate("finishedAt")), d.getString("failureReason"), result);
  }

  private static Instant instant(Date date) {
    return date == null ? null : date.toInstant();
  }
}
