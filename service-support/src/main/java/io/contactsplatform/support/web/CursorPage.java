package io.contactsplatform.support.web;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * One page of a list answer with an opaque cursor to the next page ({@code null} on the last).
 * Cursors wrap the last returned id; clients must treat them as opaque.
 */
public record CursorPage<T>(List<T> items, String nextCursor) {

  public static final int DEFAULT_PAGE_SIZE = 50;
  public static final int MAX_PAGE_SIZE = 500;

  /** Encodes the id after which the next page starts. */
  public static String encodeCursor(String lastId) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(lastId.getBytes(StandardCharsets.UTF_8));
  }

  /** The id a cursor stands for, or {@code null} for the first page. */
  public static String decodeCursor(String cursor) {
    if (cursor == null || cursor.isBlank()) {
      return null;
    }
    try {
      return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("cursor: not a cursor returned by this API");
    }
  }

  /** Validated page size: default when absent, 400 outside 1..MAX_PAGE_SIZE. */
  public static int pageSize(Integer requested) {
    if (requested == null) {
      return DEFAULT_PAGE_SIZE;
    }
    if (requested < 1 || requested > MAX_PAGE_SIZE) {
      throw ApiException.badRequest("pageSize: must be between 1 and " + MAX_PAGE_SIZE);
    }
    return requested;
  }
}
