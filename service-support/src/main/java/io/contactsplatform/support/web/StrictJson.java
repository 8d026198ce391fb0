package io.contactsplatform.support.web;

import org.springframework.core.Ordered;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.http.codec.json.JacksonJsonDecoder;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;

/**
 * The JSON reader of every request body: the application's {@link JsonMapper} made strict. Unknown
 * members are refused, and so is every scalar coercion ({@code "firstName": 12345} is not the text
 * "12345", {@code "pageSize": 1.5} is not 1, {@code "5"} is not a number, {@code 1} is not
 * {@code true}); trailing content after the document is refused. {@link ApiExceptionHandler} turns
 * the failures into 400s naming the member and the expected type.
 *
 * <p>Only the server's request decoder is replaced: answers are written, and other services and
 * Kafka records are read, with the application's mapper as before. Bodies declared as
 * {@code Map}/{@code Object} accept any member (their endpoints validate members themselves).
 * Runs after Boot's codec customizers, so {@code spring.http.codecs.max-in-memory-size} still applies.
 */
public class StrictJson implements WebFluxConfigurer, Ordered {

  private final JsonMapper mapper;

  public StrictJson(JsonMapper base) {
    this.mapper = strict(base);
  }

  /** {@code base} with unknown members and scalar coercions refused. */
  public static JsonMapper strict(JsonMapper base) {
    return base.rebuild()
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
        .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
        .withCoercionConfig(LogicalType.Textual, c -> c
            .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
            .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
            .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
        .withCoercionConfig(LogicalType.Integer, c -> c
            .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
            .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
            .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
        .withCoercionConfig(LogicalType.Float, c -> c
            .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
            .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
        .withCoercionConfig(LogicalType.Boolean, c -> c
            .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
            .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
            .setCoercion(CoercionInputShape.String, CoercionAction.Fail))
        .build();
  }

  /** The strict mapper, for bodies a controller reads itself (e.g. a JSON part of a multipart upload). */
  public JsonMapper mapper() {
    return mapper;
  }

  @Override
  public void configureHttpMessageCodecs(ServerCodecConfigurer configurer) {
    configurer.defaultCodecs().jacksonJsonDecoder(new JacksonJsonDecoder(mapper));
  }

  @Override
  public int getOrder() {
    return Ordered.LOWEST_PRECEDENCE;
  }
}
