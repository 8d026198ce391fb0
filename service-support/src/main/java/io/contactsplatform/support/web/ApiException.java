package io.contactsplatform.support.web;

import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * An API error rendered as an RFC 9457 problem detail whose {@code detail} names the offending
 * field, column or row. Use the factory methods; extra properties become problem members.
 */
public class ApiException extends ErrorResponseException {

  private ApiException(HttpStatus status, String detail, Map<String, Object> properties) {
    super(status, problem(status, detail, properties), null);
  }

  private static ProblemDetail problem(HttpStatus status, String detail, Map<String, Object> properties) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    properties.forEach(problem::setProperty);
    return problem;
  }

  /** 400: the request is malformed. */
  public static ApiException badRequest(String detail) {
    return new ApiException(HttpStatus.BAD_REQUEST, detail, Map.of());
  }

  /** 404: no such resource in the caller's workspace (also for other workspaces' ids). */
  public static ApiException notFound(String detail) {
    return new ApiException(HttpStatus.NOT_FOUND, detail, Map.of());
  }

  /** 409: the request conflicts with existing state, e.g. a duplicate phone number. */
  public static ApiException conflict(String detail, Map<String, Object> properties) {
    return new ApiException(HttpStatus.CONFLICT, detail, properties);
  }

  /** 422: valid JSON that breaks a rule. */
  public static ApiException unprocessable(String detail) {
    return new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, detail, Map.of());
  }
}
