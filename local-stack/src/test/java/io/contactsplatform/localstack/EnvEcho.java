package io.contactsplatform.localstack;

import java.util.TreeMap;

/** Stand-in for a service jar in {@link LocalStackSecretsTest}: prints its arguments and the platform variables it got. */
public final class EnvEcho {

  private EnvEcho() {
  }

  public static void main(String[] args) {
    System.out.println("args=" + String.join(" ", args));
    new TreeMap<>(System.getenv()).forEach((name, value) -> {
      if (name.startsWith("PLATFORM_AUTH_") || name.equals("MANAGEMENT_PORT")) {
        System.out.println(name + "=" + value);
      }
    });
  }
}
