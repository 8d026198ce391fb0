package io.contactsplatform.contactservice.customfield;

import io.contactsplatform.support.auth.Workspace;
import io.contactsplatform.support.web.CursorPage;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Custom fields API ({@code /v1/custom-fields}), scoped to the caller's workspace. The list is
 * one page (a workspace has at most a few hundred definitions); {@code pageSize}/{@code cursor}
 * are accepted for the shape every list shares.
 */
@RestController
@RequestMapping("/v1/custom-fields")
class CustomFieldController {

  private final CustomFields fields;

  CustomFieldController(CustomFields fields) {
    this.fields = fields;
  }

  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  Mono<CustomFields.FieldView> create(Workspace workspace, @RequestBody Map<String, Object> body) {
    return fields.create(workspace.id(), body);
  }

  @GetMapping
  Mono<CursorPage<CustomFields.FieldView>> list(Workspace workspace, @RequestParam(required = false) Integer pageSize,
                                                @RequestParam(required = false) String cursor) {
    return fields.list(workspace.id()).collectList().map(all -> new CursorPage<>(all, null));
  }

  @GetMapping("/{key}")
  Mono<CustomFields.FieldView> get(Workspace workspace, @PathVariable String key) {
    return fields.get(workspace.id(), key);
  }

  @PatchMapping("/{key}")
  Mono<CustomFields.FieldView> update(Workspace workspace, @PathVariable String key,
                                      @RequestBody Map<String, Object> body) {
    return fields.update(workspace.id(), key, body);
  }

  @DeleteMapping("/{key}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  Mono<Void> delete(Workspace workspace, @PathVariable String key) {
    return fields.delete(workspace.id(), key);
  }
}
