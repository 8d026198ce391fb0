package io.contactsplatform.support.lease;

/** Raised into work guarded by a lease when a renewal finds that another owner holds the lease now. */
public class LeaseLostException extends RuntimeException {

  public LeaseLostException(String name) {
    super("lease " + name + " was lost to another instance");
  }
}
