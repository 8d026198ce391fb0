package io.contactsplatform.support.lease;

import java.net.InetAddress;
import java.util.UUID;

/** Default owner id of an instance: hostname, pid and a random part (so a restarted pid never reuses an id). */
public final class InstanceIds {

  private InstanceIds() {
  }

  public static String generate() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      host = "unknown-host";
    }
    return host + "-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8);
  }
}
