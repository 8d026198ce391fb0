package io.contactsplatform.support.upload;

import java.nio.file.Path;

/**
 * A multipart upload as received by {@link Uploads}: the spooled {@code file} part (its name and
 * size in bytes) and the text of the {@code options} part (null when absent). The receiver owns
 * the spooled file and must delete it.
 */
public record Upload(Path file, String fileName, long size, String options) {
}
