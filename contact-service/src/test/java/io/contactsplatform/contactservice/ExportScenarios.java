package io.contactsplatform.contactservice;

import static io.contactsplatform.contactservice.ContactServiceHarness.condition;
import static io.contactsplatform.contactservice.ContactServiceHarness.freshWorkspace;
import static io.contactsplatform.contactservice.ContactServiceHarness.randomPhone;
import static org.assertj.core.api.Assertions.assertThat;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import tools.jackson.databind.json.JsonMapper;

/** CSV export of a selection: header, every field, custom fields, neutralised cells, isolation. */
interface ExportScenarios extends ContactServiceHarness {

  /** The export's rows as maps keyed by header. */
  default org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec exportCall(String apiKey,
                                                                                          Map<String, String> params) {
    return http().get().uri(u -> {
      u.path("/v1/contacts/export");
      params.keySet().forEach(name -> u.queryParam(name, "{" + name + "}"));
      return u.build(params);
    }).header("Authorization", "Bearer " + apiKey).exchange();
  }

  default List<Map<String, String>> exportRows(String apiKey, Map<String, String> params) {
    String csv = exportCall(apiKey, params).expectStatus().isOk()
        .expectHeader().contentTypeCompatibleWith(new MediaType("text", "csv"))
        .expectBody(String.class).returnResult().getResponseBody();
    List<CsvRecord> records = new ArrayList<>();
    CsvReader.builder().ofCsvRecord(csv).forEach(records::add);
    List<String> header = records.get(0).getFields();
    List<Map<String, String>> rows = new ArrayList<>();
    for (CsvRecord record : records.subList(1, records.size())) {
      Map<String, String> row = new LinkedHashMap<>();
      for (int i = 0; i < header.size(); i++) {
        row.put(header.get(i), record.getField(i));
      }
      rows.add(row);
    }
    return rows;
  }

  static String json(Object filter) {
    return JsonMapper.builder().build().writeValueAsString(filter);
  }

  @Test
  default void shouldStreamEveryFieldWithAHeaderAndNeutraliseFormulaCells() {
    Ws ws = freshWorkspace();
    createField(ws.key(), Map.of("key", "plan", "type", "ENUM", "allowedValues", List.of("gold"), "owner", "ops"));
    createField(ws.key(), Map.of("key", "score", "type", "NUMBER", "owner", "ops"));
    String phone = randomPhone();
    String risky = contactId(ws.key(), Map.of("phone", phone, "firstName", "=HYPERLINK(\"http://evil\")",
        "lastName", "-2+3", "company", "@SUM(A1)", "email", "x@example.com", "tags", List.of("a", "b"),
        "customFields", Map.of("plan", "gold", "score", -5)));
    contactId(ws.key(), Map.of("phone", randomPhone(), "company", "Plain \"Quoted\", Inc."));

    List<Map<String, String>> rows = exportRows(ws.key(), Map.of("filter", json(condition("cf:plan", "eq", "gold"))));

    assertThat(rows).singleElement().satisfies(row -> {
      assertThat(row.keySet()).startsWith("id", "phone", "phoneExtension", "externalId", "firstName", "lastName")
          .contains("dncBlocked", "createdAt", "cf:plan", "cf:score");
      assertThat(row).containsEntry("id", risky).containsEntry("phone", phone)
          .containsEntry("firstName", "'=HYPERLINK(\"http://evil\")").containsEntry("lastName", "'-2+3")
          .containsEntry("company", "'@SUM(A1)").containsEntry("tags", "a;b").containsEntry("cf:plan", "gold")
          .containsEntry("cf:score", "-5").containsEntry("dncBlocked", "false").containsEntry("status", "ACTIVE");
    });
    assertThat(exportRows(ws.key(), Map.of("search", "quoted"))).singleElement()
        .satisfies(row -> assertThat(row).containsEntry("company", "Plain \"Quoted\", Inc."));
    assertThat(exportRows(ws.key(), Map.of())).hasSize(2);
  }

  @Test
  default void shouldExportOnlyTheCallersContactsByIdsOrSegment() {
    Ws mine = freshWorkspace();
    Ws theirs = freshWorkspace();
    String a = contactId(mine.key(), Map.of("phone", randomPhone(), "firstName", "A"));
    String b = contactId(mine.key(), Map.of("phone", randomPhone(), "firstName", "B"));
    String foreign = contactId(theirs.key(), Map.of("phone", randomPhone(), "firstName", "Foreign"));
    Object segment = okJson(send(HttpMethod.POST, mine.key(), "/v1/segments",
        Map.of("name", "Just B", "type", "STATIC", "contactIds", List.of(b)))).get("id");

    assertThat(exportRows(mine.key(), Map.of("ids", a + "," + foreign))).extracting(r -> r.get("id")).containsExactly(a);
    assertThat(exportRows(mine.key(), Map.of("segmentId", segment.toString()))).extracting(r -> r.get("id")).containsExactly(b);
    assertThat(exportRows(theirs.key(), Map.of())).extracting(r -> r.get("id")).containsExactly(foreign);
    send(HttpMethod.GET, theirs.key(), "/v1/contacts/export?segmentId=" + segment, null).expectStatus().isNotFound();
    expectProblem(exportCall(mine.key(), Map.of("filter", "{not-json")), 400, "filter: not valid JSON");
    expectProblem(exportCall(mine.key(), Map.of("filter", json(condition("shoeSize", "gt", 40)))), 400, "filter.field");
  }
}
