package io.contactsplatform.support.web;

import java.util.List;
import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.http.codec.json.JacksonJsonDecoder;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import tools.jackson.core.JsonParser;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.DeserializationConfig;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.deser.ValueDeserializerModifier;
import tools.jackson.databind.deser.std.DelegatingDeserializer;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;

/**
 * The JSON reader of every request body: the application's {@link JsonMapper} made strict. Unknown
 * members are refused, and so is every scalar coercion ({@code "firstName": 12345} is not the text
 * "12345", {@code "pageSize": 1.5} is not 1, {@code "5"} is not a number, {@code 1} is not
 * {@code true}); trailing content after the document is refused; a NUL character (U+0000) in any
 * string, also inside free-form maps and as a member name there, is refused
 * ({@link NulCharacterException}, naming where it is). {@link ApiExceptionHandler} turns the failures into 400s naming
 * the member and the expected type ({@code firstName: contains a NUL character}).
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
        .addModule(new SimpleModule("refuse-nul-characters").setDeserializerModifier(new NulRefusingModifier()))
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

  /** The detail of a failure to read JSON: what, where (member path or line) and why. */
  public static String describe(tools.jackson.core.JacksonException e) {
    return ApiExceptionHandler.describeJson(e);
  }

  /**
   * {@code text} read strictly as {@code type}, for JSON a controller receives itself (the
   * {@code options} part of an upload); a 400 whose detail starts with {@code part: } and says what
   * and where, as for a body ({@code options: unknown member 'foo'}).
   */
  public <T> T read(String part, String text, Class<T> type) {
    try {
      return mapper.readValue(text, type);
    } catch (tools.jackson.core.JacksonException e) {
      throw ApiException.badRequest(part + ": " + ApiExceptionHandler.describeJson(e));
    }
  }

  @Override
  public void configureHttpMessageCodecs(ServerCodecConfigurer configurer) {
    configurer.defaultCodecs().jacksonJsonDecoder(new JacksonJsonDecoder(mapper));
  }

  @Override
  public int getOrder() {
    return Ordered.LOWEST_PRECEDENCE;
  }

  /**
   * A NUL character in a string of a request body; {@link #where()} is its place in the document
   * ({@code filter.all[0].value}, {@code a.k} for a member name), read from the parser's position,
   * so it is exact inside free-form values too; empty when the position is unknown.
   */
  public static final class NulCharacterException extends MismatchedInputException {

    private final String where;

    NulCharacterException(JsonParser parser, String where) {
      super(parser, "contains a NUL character", String.class);
      this.where = where;
    }

    public String where() {
      return where;
    }
  }

  /** Wraps the deserializers of strings and of free-form values ({@code Object}) in {@link NulRefusing}. */
  private static final class NulRefusingModifier extends ValueDeserializerModifier {

    @Override
    public ValueDeserializer<?> modifyDeserializer(DeserializationConfig config, BeanDescription.Supplier description,
                                                   ValueDeserializer<?> deserializer) {
      Class<?> type = deserializer.handledType();
      return type == String.class || type == Object.class ? new NulRefusing(deserializer) : deserializer;
    }
  }

  /** Reads the value with its own deserializer, then refuses it when a string in it holds a NUL. */
  private static final class NulRefusing extends DelegatingDeserializer {

    NulRefusing(ValueDeserializer<?> delegate) {
      super(delegate);
    }

    @Override
    protected ValueDeserializer<?> newDelegatingInstance(ValueDeserializer<?> delegate) {
      return new NulRefusing(delegate);
    }

    @Override
    public Object deserialize(JsonParser parser, DeserializationContext context) {
      return checked(parser, super.deserialize(parser, context));
    }

    @Override
    public Object deserialize(JsonParser parser, DeserializationContext context, Object intoValue) {
      return checked(parser, super.deserialize(parser, context, intoValue));
    }

    private static Object checked(JsonParser parser, Object value) {
      String at = nulAt(value);
      if (at != null) {
        String here = position(parser.streamReadContext());
        throw new NulCharacterException(parser, here.isEmpty() && at.startsWith(".") ? at.substring(1) : here + at);
      }
      return value;
    }

    /** {@code a.b[2]} for the member or element the parser is at. */
    private static String position(TokenStreamContext context) {
      java.util.ArrayDeque<String> steps = new java.util.ArrayDeque<>();
      for (TokenStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
        if (c.inArray()) {
          steps.addFirst("[" + Math.max(0, c.getCurrentIndex()) + "]");
        } else if (c.currentName() != null) {
          steps.addFirst("." + c.currentName());
        }
      }
      String path = String.join("", steps);
      return path.startsWith(".") ? path.substring(1) : path;
    }

    /** Where a NUL is inside {@code value} ("" for the value itself), or null when there is none. */
    private static String nulAt(Object value) {
      if (value instanceof String text) {
        return text.indexOf('\u0000') >= 0 ? "" : null;
      }
      if (value instanceof Map<?, ?> map) {
        for (Map.Entry<?, ?> entry : map.entrySet()) {
          String key = String.valueOf(entry.getKey());
          if (key.indexOf('\u0000') >= 0) {
            return "." + key.replace('\u0000', '?');
          }
          String inner = nulAt(entry.getValue());
          if (inner != null) {
            return "." + key + inner;
          }
        }
      }
      if (value instanceof List<?> list) {
        for (int i = 0; i < list.size(); i++) {
          String inner = nulAt(list.get(i));
          if (inner != null) {
            return "[" + i + "]" + inner;
          }
        }
      }
      return null;
    }
  }
}
