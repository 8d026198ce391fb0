package io.contactsplatform.support.web;

import java.time.temporal.Temporal;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.beans.TypeMismatchException;
import org.springframework.core.MethodParameter;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.PropertyBindingException;

/**
 * Renders {@link ApiException}, malformed bodies and Spring's web errors as
 * {@code application/problem+json}, with a {@code detail} that names what was wrong and what was
 * expected: {@code firstName: expected a string, got a number}, {@code unknown member 'foo'},
 * {@code malformed JSON at line 1, column 12: ...}, {@code pageSize: expected an integer, got '1.5'},
 * {@code request body: larger than the limit of 1048576 bytes}.
 *
 * <p>Limits: values echoed in a detail are cut to 40 characters; a JSON syntax error is located
 * by line and column of the body as sent.
 */
@RestControllerAdvice
public class ApiExceptionHandler extends ResponseEntityExceptionHandler {

  private static final Pattern LAST_NUMBER = Pattern.compile("(\\d+)(?!.*\\d)");
  private static final int MAX_ECHO = 40;

  @Override
  protected Mono<ResponseEntity<Object>> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
                                                                 HttpStatusCode status, ServerWebExchange exchange) {
    if (body == null && ex instanceof ErrorResponse response) {
      body = response.getBody();
    }
    if (body instanceof ProblemDetail problem) {
      String detail = describe(ex, status, problem.getDetail());
      if (detail != null) {
        problem.setDetail(detail);
      }
    }
    return super.handleExceptionInternal(ex, body, headers, status, exchange);
  }

  /** A better detail for this failure, or {@code null} to keep {@code current}. */
  static String describe(Throwable ex, HttpStatusCode status, String current) {
    if (status.value() == HttpStatus.CONTENT_TOO_LARGE.value()) {
      return current != null && !current.isBlank() ? null : tooLarge(ex);
    }
    if (!(ex instanceof ServerWebInputException input)) {
      return null;
    }
    JacksonException json = find(ex, JacksonException.class);
    if (json != null) {
      return describeJson(json);
    }
    TypeMismatchException mismatch = find(ex, TypeMismatchException.class);
    if (mismatch != null) {
      String name = parameterName(input.getMethodParameter(), mismatch.getPropertyName());
      return name + ": expected " + expected(mismatch.getRequiredType()) + ", got '" + echo(mismatch.getValue()) + "'";
    }
    String reason = input.getReason();
    if (reason != null && reason.startsWith("No request body")) {
      return "request body: required (a JSON document)";
    }
    return null;
  }

  /** The detail of a JSON body that could not be read: what, where (member path or line) and why. */
  static String describeJson(JacksonException json) {
    String path = path(json);
    if (json instanceof PropertyBindingException unknown) {
      String prefix = parentPath(json);
      return (prefix.isEmpty() ? "" : prefix + ": ") + "unknown member '" + echo(unknown.getPropertyName()) + "'";
    }
    if (json instanceof StrictJson.NulCharacterException nul) {
      String where = nul.where().isEmpty() ? path : nul.where();
      return (where.isEmpty() ? "request body" : where) + ": contains a NUL character";
    }
    if (json instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
      String where = path.isEmpty() ? "request body" : path;
      Class<?> target = mismatch.getTargetType();
      Object value = mismatch instanceof InvalidFormatException invalid ? invalid.getValue() : null;
      String got;
      JsonToken token = mismatch.getCurrentToken();
      boolean scalarTarget = isNumeric(target) || target == Boolean.class || target == boolean.class;
      if (token == JsonToken.VALUE_STRING && scalarTarget) {
        got = "a string";
      } else if (value != null && (isNumeric(target) || token == null || token == JsonToken.VALUE_STRING)) {
        got = "'" + echo(value) + "'";
      } else {
        got = token != null ? kind(token) : "something else";
      }
      return where + ": expected " + expected(target) + ", got " + got;
    }
    if (json instanceof InputCoercionException range) {
      return (path.isEmpty() ? "request body" : path) + ": expected " + expected(range.getTargetType())
          + ", got a number out of its range";
    }
    if (json instanceof StreamReadException) {
      TokenStreamLocation at = json.getLocation();
      String reason = firstLine(json.getOriginalMessage());
      return "malformed JSON" + (at == null || at.getLineNr() < 0 ? "" : " at line " + at.getLineNr()
          + ", column " + at.getColumnNr()) + (reason.isEmpty() ? "" : ": " + reason);
    }
    String reason = firstLine(json.getOriginalMessage());
    return (path.isEmpty() ? "request body" : path) + ": " + (reason.isEmpty() ? "cannot be read" : reason);
  }

  private static String tooLarge(Throwable ex) {
    DataBufferLimitException limit = find(ex, DataBufferLimitException.class);
    if (limit != null && limit.getMessage() != null) {
      Matcher m = LAST_NUMBER.matcher(limit.getMessage());
      if (m.find()) {
        return "request body: larger than the limit of " + m.group(1) + " bytes";
      }
    }
    return "request body: larger than the limit for this endpoint";
  }

  private static String parameterName(MethodParameter parameter, String fallback) {
    if (fallback != null && !fallback.isBlank()) {
      return fallback;
    }
    if (parameter != null && parameter.getParameterName() != null) {
      return parameter.getParameterName();
    }
    return "parameter";
  }

  /** {@code a.b[2].c} for the location of a databind failure. */
  private static String path(JacksonException json) {
    return render(json.getPath());
  }

  private static String parentPath(JacksonException json) {
    List<JacksonException.Reference> refs = json.getPath();
    return refs.isEmpty() ? "" : render(refs.subList(0, refs.size() - 1));
  }

  private static String render(List<JacksonException.Reference> refs) {
    StringBuilder out = new StringBuilder();
    for (JacksonException.Reference ref : refs) {
      if (ref.getPropertyName() != null) {
        if (!out.isEmpty()) {
          out.append('.');
        }
        out.append(ref.getPropertyName());
      } else if (ref.getIndex() >= 0) {
        out.append('[').append(ref.getIndex()).append(']');
      }
    }
    return out.toString();
  }

  private static boolean isNumeric(Class<?> type) {
    return Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class && type != char.class);
  }

  /** "an integer", "a string", ... for a Java target type. */
  static String expected(Class<?> type) {
    if (type == null) {
      return "another value";
    }
    if (CharSequence.class.isAssignableFrom(type) || type == char.class || type == Character.class) {
      return "a string";
    }
    if (type == Integer.class || type == int.class || type == Long.class || type == long.class
        || type == Short.class || type == short.class || type == java.math.BigInteger.class
        || type == Byte.class || type == byte.class) {
      return "an integer";
    }
    if (isNumeric(type)) {
      return "a number";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "a boolean (true or false)";
    }
    if (type.isEnum()) {
      return "one of " + Arrays.stream(type.getEnumConstants()).map(Object::toString)
          .collect(Collectors.joining(", ", "[", "]"));
    }
    if (type == UUID.class) {
      return "a UUID";
    }
    if (Temporal.class.isAssignableFrom(type) || type == java.util.Date.class) {
      return "an ISO 8601 date-time";
    }
    if (type.isArray() || Collection.class.isAssignableFrom(type)) {
      return "an array";
    }
    if (Map.class.isAssignableFrom(type) || type.isRecord() || !type.getName().startsWith("java.")) {
      return "an object";
    }
    return "a " + type.getSimpleName();
  }

  private static String kind(JsonToken token) {
    return switch (token) {
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case VALUE_NULL -> "null";
      case START_OBJECT, END_OBJECT, PROPERTY_NAME -> "an object";
      case START_ARRAY, END_ARRAY -> "an array";
      default -> "something else";
    };
  }

  private static String echo(Object value) {
    String text = String.valueOf(value).replaceAll("\\p{Cntrl}", "?");
    return text.length() <= MAX_ECHO ? text : text.substring(0, MAX_ECHO) + "...";
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    String line = message.lines().findFirst().orElse("").trim();
    return line.length() <= 160 ? line : line.substring(0, 160) + "...";
  }

  private static <T extends Throwable> T find(Throwable ex, Class<T> type) {
    for (Throwable t = ex; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }
}
