package io.contactsplatform.resolver.campaign;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Campaign variable configs in MongoDB, collection {@code campaigns} keyed
 * {@code workspace|campaignId}; a PUT replaces the whole config. Static variables are stored as
 * name/value pairs so their names never become MongoDB field names.
 */
@Component
public class CampaignStore {

  private final MongoCollection<Document> campaigns;

  CampaignStore(MongoDatabase database) {
    this.campaigns = database.getCollection("campaigns");
  }

  static String key(String workspaceId, String campaignId) {
    return workspaceId + "|" + campaignId;
  }

  /** Replaces (or creates) the campaign's config. */
  Mono<CampaignConfig> save(CampaignConfig config) {
    return Mono.from(campaigns.replaceOne(Filters.eq("_id", key(config.workspaceId(), config.campaignId())),
        toDocument(config), new ReplaceOptions().upsert(true))).thenReturn(config);
  }

  /** The campaign's config in this workspace; empty when none (also for other workspaces' campaigns). */
  public Mono<CampaignConfig> find(String workspaceId, String campaignId) {
    return Mono.from(campaigns.find(Filters.eq("_id", key(workspaceId, campaignId))).first())
        .filter(d -> workspaceId.equals(d.getString("workspaceId")))
        .map(CampaignStore::fromDocument);
  }

  private static Document toDocument(CampaignConfig c) {
    List<Document> statics = new ArrayList<>();
    c.staticVariables().forEach((name, value) -> statics.add(new Document("name", name).append("value", value)));
    List<Document> variables = new ArrayList<>();
    for (VariableDefinition v : c.variables()) {
      variables.add(new Document("name", v.name())
          .append("binding", v.binding() == null ? null : v.binding().toString())
          .append("required", v.required())
          .append("defaultValue", v.defaultValue()));
    }
    CallingWindow w = c.callingWindow();
    Document window = w == null ? null : new Document("start", w.start().toString())
        .append("end", w.end().toString())
        .append("days", w.dayNames());
    return new Document("_id", key(c.workspaceId(), c.campaignId()))
        .append("workspaceId", c.workspaceId())
        .append("campaignId", c.campaignId())
        .append("allowUnknownContacts", c.allowUnknownContacts())
        .append("staticVariables", statics)
        .append("variables", variables)
        .append("callingWindow", window)
        .append("updatedAt", Date.from(c.updatedAt()));
  }

  private static CampaignConfig fromDocument(Document d) {
    Map<String, String> statics = new LinkedHashMap<>();
    for (Document pair : d.getList("staticVariables", Document.class, List.of())) {
      statics.put(pair.getString("name"), pair.getString("value"));
    }
    List<VariableDefinition> variables = new ArrayList<>();
    for (Document v : d.getList("variables", Document.class, List.of())) {
      variables.add(new VariableDefinition(v.getString("name"), Binding.parse(v.getString("binding")),
          Boolean.TRUE.equals(v.getBoolean("required")), v.getString("defaultValue")));
    }
    Document w = d.get("callingWindow", Document.class);
    CallingWindow window = null;
    if (w != null) {
      EnumSet<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
      for (String day : w.getList("days", String.class, List.of())) {
        CallingWindow.parseDay(day).ifPresent(days::add);
      }
      window = new CallingWindow(LocalTime.parse(w.getString("start")), LocalTime.parse(w.getString("end")), days);
    }
    return new CampaignConfig(d.getString("workspaceId"), d.getString("campaignId"),
        Boolean.TRUE.equals(d.getBoolean("allowUnknownContacts")), statics, variables, window,
        d.getDate("updatedAt").toInstant());
  }
}
