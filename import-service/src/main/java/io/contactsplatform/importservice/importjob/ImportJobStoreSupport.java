package io.contactsplatform.importservice.importjob;

/** Store helpers shared with other features of the service. */
public final class ImportJobStoreSupport {

  private ImportJobStoreSupport() {
  }

  /** True when {@code e} is a duplicate-key write error (a unique key already taken). */
  public static boolean isDuplicateKey(Throwable e) {
    return ImportJobStore.isDuplicateKey(e);
  }
}
