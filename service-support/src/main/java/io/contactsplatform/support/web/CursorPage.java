package io.contactsplatform.support.web;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;

/**
 * One page of a list answer with an opaque cursor to the next page ({@code null} on the last), and
 * the one cursor codec of the platform: every list endpoint of every service encodes and decodes its
 * cursors here, so a cursor that is not one of ours is a 400 "invalid cursor" everywhere.
 *
 * <p>A cursor is the URL-safe Base64 (no padding) of a UTF-8 text the endpoint chooses: the last
 * returned id, a row position ({@link #encodePosition}) or a structured key. Clients must treat it
 * as opaque. Limits: cursors are not signed, so a client can forge one; forging only moves the
 * page start within the caller's own workspace.
 */
public record CursorPage<T>(List<T> items, String nextCursor) {

  public static final int DEFAULT_PAGE_SIZE = 50;
  public static final int MAX_PAGE_SIZE = 500;

  /** The detail of every bad-cursor answer. */
  public static final String INVALID_CURSOR = "cursor: invalid cursor (not one returned by this API)";

  /** 400 "invalid cursor", naming the {@code cursor} parameter. */
  public static ApiException invalidCursor() {
    return ApiException.badRequest(INVALID_CURSOR);
  }

  /** Encodes the id (or any text) after which the next page starts. */
  public static String encodeCursor(String lastId) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(lastId.getBytes(StandardCharsets.UTF_8));
  }

  /** The text a cursor stands for, or {@code null} for the first page; 400 when it is not a cursor. */
  public static String decodeCursor(String cursor) {
    if (cursor == null || cursor.isBlank()) {
      return null;
    }
    try {
      byte[] bytes = Base64.getUrlDecoder().decode(cursor.trim());
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes)).toString();
    } catch (IllegalArgumentException | CharacterCodingException e) {
      throw invalidCursor();
    }
  }

  /**
   * The value a cursor stands for, read by {@code parser} from its text; {@code null} for the first
   * page. Any exception of the parser (a wrong number, a missing part) is a 400 "invalid cursor".
   */
  public static <V> V decodeCursor(String cursor, Function<String, V> parser) {
    String text = decodeCursor(cursor);
    if (text == null) {
      return null;
    }
    V value;
    try {
      value = parser.apply(text);
    } catch (ApiException e) {
      throw e;
    } catch (RuntimeException e) {
      throw invalidCursor();
    }
    if (value == null) {
      throw invalidCursor();
    }
    return value;
  }

  /** Cursor for a row position (offset) where the next page starts. */
  public static String encodePosition(long position) {
    return encodeCursor(Long.toString(position));
  }

  /** The position a cursor from {@link #encodePosition} stands for: 0 for the first page, 400 unless a number >= 0. */
  public static long decodePosition(String cursor) {
    Long position = decodeCursor(cursor, Long::valueOf);
    if (position == null) {
      return 0;
    }
    if (position < 0) {
      throw invalidCursor();
    }
    return position;
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
