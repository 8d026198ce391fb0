package io.contactsplatform.support.openapi;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Documentation-only shape of a multipart CSV upload ({@code file} plus optional JSON
 * {@code options}), for {@code @RequestBody(content = @Content(mediaType = "multipart/form-data",
 * schema = @Schema(implementation = CsvUpload.class)))} on endpoints that read raw parts. Never
 * instantiated; the service's own options type defines what {@code options} may hold.
 */
@Schema(name = "CsvUpload", description = "Multipart upload of one CSV file with optional JSON options",
    requiredProperties = {"file"})
public record CsvUpload(
    @Schema(type = "string", format = "binary", description = "The CSV file") Object file,
    @Schema(type = "string", contentMediaType = "application/json",
        description = "JSON options (see the endpoint's description)") String options) {
}
