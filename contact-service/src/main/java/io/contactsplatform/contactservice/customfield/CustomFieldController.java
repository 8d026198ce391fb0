package io.contactsplatform.contactservice.customfield;

import io.contactsplatform.support.auth.Workspace;
import io.contactsplatform.support.web.CursorPage;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
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
 * one page (a workspace has at most a few hundred definitions); {@code pageSize} (checked, 1-500)
 * and {@code cursor} are accepted for the shape every list shares, and any cursor is a 400 (none is
 * ever returned).
 */
@Tag(name = "custom-fields", description = "Custom field definitions of the caller's workspace")
@RestController
@RequestMapping("/v1/custom-fields")
class CustomFieldController {

  private final CustomFields fields;

  CustomFieldController(CustomFields fields) {
    this.fields = fields;
  }

  @Operation(operationId = "createCustomField", summary = "Define a custom field")
  @ApiResponse(responseCode = "409", description = "A field with this key exists already")
  @ApiResponse(responseCode = "422", description = "Invalid definition, or the workspace has the maximum number of fields")
  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  Mono<CustomFields.FieldView> create(Workspace workspace, @RequestBody Map<String, Object> body) {
    return fields.create(workspace.id(), body);
  }

  @Operation(operationId = "listCustomFields", summary = "List the custom field definitions (one page)")
  @GetMapping
  Mono<CursorPage<CustomFields.FieldView>> list(Workspace workspace, @RequestParam(required = false) Integer pageSize,
                                                @RequestParam(required = false) String cursor) {
    CursorPage.pageSize(pageSize);
    if (cursor != null && !cursor.isBlank()) {
      // the list is one page: no cursor was ever returned for it
      return Mono.error(CursorPage.invalidCursor());
    }
    return fields.list(workspace.id()).collectList().map(all -> new CursorPage<>(all, null));
  }

  @Operation(operationId = "getCustomField", summary = "Get a custom field definition")
  @ApiResponse(responseCode = "200", description = "OK", useReturnTypeSchema = true)
  @ApiResponse(responseCode = "404", description = "No such custom field in the caller's workspace")
  @GetMapping("/{key}")
  Mono<CustomFields.FieldView> get(Workspace workspace, @PathVariable String key) {
    return fields.get(workspace.id(), key);
  }

  @Operation(operationId = "updateCustomField", summary = "Change a custom field definition")
  @ApiResponse(responseCode = "200", description = "OK", useReturnTypeSchema = true)
  @ApiResponse(responseCode = "404", description = "No such custom field in the caller's workspace")
  @ApiResponse(responseCode = "409", description = "Segments filter on the field in a way the change would break, or contacts hold values of another type")
  @ApiResponse(responseCode = "422", description = "Invalid definition")
  @PatchMapping("/{key}")
  Mono<CustomFields.FieldView> update(Workspace workspace, @PathVariable String key,
                                      @RequestBody Map<String, Object> body) {
    return fields.update(workspace.id(), workspace.actor(), key, body);
  }

  @Operation(operationId = "deleteCustomField", summary = "Delete a custom field definition")
  @ApiResponse(responseCode = "404", description = "No such custom field in the caller's workspace")
  @ApiResponse(responseCode = "409", description = "Segments filter on the field")
  @DeleteMapping("/{key}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  Mono<Void> delete(Workspace workspace, @PathVariable String key) {
    return fields.delete(workspace.id(), workspace.actor(), key);
  }
}
