package io.contactsplatform.support.kafka;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/**
 * How every listener of a service joins its consumer group, so that a crashed instance's partitions
 * are taken back within seconds instead of after Kafka's 45 s default session timeout:
 * <ul>
 *   <li>a session timeout of {@value #SESSION_TIMEOUT_MS} ms with a heartbeat every
 *       {@value #HEARTBEAT_INTERVAL_MS} ms, unless the service configures its own
 *       ({@code spring.kafka.consumer.properties.session.timeout.ms});</li>
 *   <li>static membership: {@code group.instance.id = <instance id>-<listener id>} (spring-kafka appends
 *       {@code -<n>} per consumer thread). An instance restarted with the same id takes its partitions
 *       back at once, without a rebalance. The instance id is {@code platform.instance-id}
 *       ({@code PLATFORM_INSTANCE_ID}), else {@code HOSTNAME}, else the host name, followed by
 *       {@code -<server.port>} (characters Kafka does not accept in an id become {@code -}); with no configured id and a random port ({@code server.port=0}, tests)
 *       there is no stable identity and membership stays dynamic.</li>
 * </ul>
 * A second application context in the same JVM that derives the same id gets dynamic membership.
 * Limit: two running instances must never share an instance id (the broker fences one of them,
 * whose listeners then stop). Ids derived from host and port are distinct for instances on one host
 * as long as each has its own port. A stopped instance's partitions wait for the session timeout
 * (static members do not leave the group on shutdown).
 */
public final class ConsumerMembership {

  public static final int SESSION_TIMEOUT_MS = 10_000;
  public static final int HEARTBEAT_INTERVAL_MS = 3_000;

  private static final java.util.Set<String> CLAIMED = java.util.concurrent.ConcurrentHashMap.newKeySet();

  private ConsumerMembership() {
  }

  /**
   * The stable id of this instance, or null when it has none: {@code configured} if set, else
   * {@code hostname-port} when the port is fixed.
   */
  public static String instanceId(String configured, String hostname, int serverPort) {
    if (configured != null && !configured.isBlank()) {
      return legal(configured.trim());
    }
    if (serverPort <= 0) {
      return null;
    }
    String host = hostname;
    if (host == null || host.isBlank()) {
      try {
        host = InetAddress.getLocalHost().getHostName();
      } catch (UnknownHostException e) {
        host = "localhost";
      }
    }
    return legal(host.trim() + "-" + serverPort);
  }

  /** Kafka accepts only {@code [a-zA-Z0-9._-]} in a group.instance.id: anything else becomes {@code -}. */
  static String legal(String id) {
    return id.replaceAll("[^a-zA-Z0-9._-]", "-");
  }

  /**
   * {@code instanceId} if no other application context of this JVM uses it yet, else null (dynamic
   * membership): several contexts of one service in one JVM (tests) would otherwise fence each other.
   */
  public static String claimInThisJvm(String instanceId) {
    return instanceId == null || !CLAIMED.add(instanceId) ? null : instanceId;
  }

  /** {@code group.instance.id} of one listener of this instance. */
  public static String groupInstanceId(String instanceId, String listenerId) {
    return legal(instanceId + "-" + listenerId);
  }

  /** Session settings added to {@code existing} consumer configs where they do not set their own. */
  public static Map<String, Object> sessionDefaults(Map<String, Object> existing) {
    Map<String, Object> added = new LinkedHashMap<>();
    if (!existing.containsKey(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG)) {
      added.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, SESSION_TIMEOUT_MS);
      if (!existing.containsKey(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG)) {
        added.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, HEARTBEAT_INTERVAL_MS);
      }
    }
    return added;
  }
}
