package io.contactsplatform.support.kafka;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.support.ProducerListener;

/**
 * Replaces spring-kafka's {@code LoggingProducerListener}, which logs a failed send with the
 * record's key and value in full (our keys are {@code workspace:+E164}). A failed send is logged
 * at ERROR with the topic, the masked key ({@link #mask}: every phone number cut to its last 4
 * digits, every e-mail address to its domain) and the exception; never the value. Known limit:
 * the exception's own message is logged as the client wrote it (Kafka's send exceptions do not
 * carry the key).
 */
public class MaskingProducerListener implements ProducerListener<Object, Object> {

  private static final Logger log = LoggerFactory.getLogger(MaskingProducerListener.class);
  private static final Pattern PHONE = Pattern.compile("\\+?\\d[\\d ().-]{4,}\\d");
  private static final Pattern EMAIL = Pattern.compile("[^\\s:@|,;]+@([^\\s:@|,;]+)");

  @Override
  public void onError(ProducerRecord<Object, Object> record, RecordMetadata metadata, Exception exception) {
    log.error("sending to {} failed for key '{}'", record == null ? "?" : record.topic(),
        record == null ? null : mask(String.valueOf(record.key())), exception);
  }

  /** {@code text} with phone numbers cut to {@code …} and their last 4 digits, e-mail addresses to {@code …@domain}. */
  public static String mask(String text) {
    if (text == null) {
      return null;
    }
    String masked = EMAIL.matcher(text).replaceAll("…@$1");
    Matcher phone = PHONE.matcher(masked);
    StringBuilder out = new StringBuilder();
    while (phone.find()) {
      String digits = phone.group().replaceAll("\\D", "");
      phone.appendReplacement(out, Matcher.quoteReplacement("…" + digits.substring(Math.max(0, digits.length() - 4))));
    }
    phone.appendTail(out);
    return out.toString();
  }
}
