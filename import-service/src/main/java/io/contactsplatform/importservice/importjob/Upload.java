package io.contactsplatform.importservice.importjob;

import java.nio.file.Path;

/**
 * A multipart upload as received: the spooled {@code file} part (its name and size) and the text
 * of the {@code options} part (null when absent).
 */
record Upload(Path file, String fileName, long size, String options) {
}
