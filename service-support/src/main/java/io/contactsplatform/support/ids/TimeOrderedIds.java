package io.contactsplatform.support.ids;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;

/**
 * Ids of documents the services write in volume (contacts, DNC entries, outbox records): UUID
 * version 7 (RFC 9562, Java UUID Generator's monotonic epoch generator), 48 bits of Unix
 * milliseconds then random bits. Their text sorts in creation order, so a store's {@code _id}
 * B-tree takes new ids at its right edge instead of rewriting a random page per insert: random
 * version-4 ids made a ten-million-number registry load rewrite about ten kilobytes of index pages
 * per number. Known limit: the id reveals its creation time to the millisecond (the documents
 * show it anyway); order across JVMs follows their clocks.
 */
public final class TimeOrderedIds {

  private static final TimeBasedEpochGenerator GENERATOR = Generators.timeBasedEpochGenerator();

  private TimeOrderedIds() {
  }

  private static final java.util.regex.Pattern UUID_TEXT =
      java.util.regex.Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  /**
   * Whether {@code text} has the shape of an id of ours (a UUID in its canonical 36-character text,
   * any version): what the APIs check before looking an id up, so that a value no id can have is a
   * 400/422 naming the member instead of an empty answer.
   */
  public static boolean isId(String text) {
    return text != null && text.length() == 36 && UUID_TEXT.matcher(text).matches();
  }

  /** A new id; later calls in this JVM answer greater strings. */
  public static String next() {
    return GENERATOR.generate().toString();
  }
}
