package io.contactsplatform.importservice;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * Problem details for the statuses {@code ApiException} has no factory for (413, 502), rendered
 * by the shared handler like every other {@code ErrorResponseException}.
 */
public final class Problems {

  private Problems() {
  }

  public static ErrorResponseException of(HttpStatus status, String detail) {
    return new ErrorResponseException(status, ProblemDetail.forStatusAndDetail(status, detail), null);
  }
}
