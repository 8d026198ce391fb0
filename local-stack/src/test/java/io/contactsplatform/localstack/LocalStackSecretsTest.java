package io.contactsplatform.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo keys' hashes reach the services through their environment, never their command line. */
class LocalStackSecretsTest {

  @TempDir
  Path root;

  @Test
  void shouldPassKeyHashesInTheChildsEnvironmentAndNotOnItsCommandLine() throws Exception {
    String hash = LocalStack.sha256("demo-key");
    StackConfig config = new StackConfig(root, root.resolve("data"), "127.0.0.1", 1, 2, 3,
        Map.of(StackConfig.CONTACT, 4, StackConfig.IMPORT, 5, StackConfig.DNC, 6, StackConfig.RESOLVER, 7),
        Map.of(StackConfig.CONTACT, 14, StackConfig.IMPORT, 15, StackConfig.DNC, 16, StackConfig.RESOLVER, 17));
    for (String service : List.of(StackConfig.CONTACT, StackConfig.IMPORT, StackConfig.DNC, StackConfig.RESOLVER)) {
      assertThat(String.join(" ", LocalStack.arguments(config, "127.0.0.1:1", "mongodb://127.0.0.1:3", service)))
          .doesNotContain(hash).doesNotContainIgnoringCase("api-key");
    }
    fakeServiceJar(StackConfig.CONTACT);

    ServiceProcess child = ServiceProcess.start(StackConfig.CONTACT, root, 4, 14, root.resolve("logs"),
        List.of("-Xmx32m"), LocalStack.arguments(config, "127.0.0.1:1", "mongodb://127.0.0.1:3", StackConfig.CONTACT),
        LocalStack.secretEnvironment());
    String seenByPs = child.handle().info().commandLine().orElse(String.join(" ", child.command()));
    assertThat(child.handle().onExit().get(60, TimeUnit.SECONDS).isAlive()).isFalse();

    assertThat(String.join(" ", child.command())).doesNotContain(hash).doesNotContain("api-key");
    assertThat(seenByPs).doesNotContain(hash).doesNotContain(LocalStack.sha256(LocalStack.DEMO_ADMIN_KEY));
    String log = Files.readString(child.log());
    assertThat(log).contains("PLATFORM_AUTH_WORKSPACES_0_ID=demo", "PLATFORM_AUTH_WORKSPACES_0_API_KEY_SHA256=" + hash,
        "PLATFORM_AUTH_WORKSPACES_1_ID=demo2", "MANAGEMENT_PORT=14",
        "PLATFORM_AUTH_ADMIN_API_KEY_SHA256=" + LocalStack.sha256(LocalStack.DEMO_ADMIN_KEY));
    assertThat(child.managementUrl()).isEqualTo("http://127.0.0.1:14");
  }

  @Test
  void shouldStartEveryInstanceOnItsOwnPortWithTheSameDatabaseAndSpools() {
    StackConfig config = new StackConfig(root, root.resolve("data"), "127.0.0.1", 1, 2, 3,
        Map.of(StackConfig.CONTACT, 4, StackConfig.IMPORT, 5, "import-service.1", 25, StackConfig.DNC, 6,
            "dnc-service.1", 26, StackConfig.RESOLVER, 7),
        Map.of(StackConfig.CONTACT, 14, StackConfig.IMPORT, 15, "import-service.1", 35, StackConfig.DNC, 16,
            "dnc-service.1", 36, StackConfig.RESOLVER, 17),
        Map.of(StackConfig.IMPORT, 2, StackConfig.DNC, 2));

    List<String> first = LocalStack.arguments(config, "127.0.0.1:1", "mongodb://127.0.0.1:3", StackConfig.IMPORT);
    List<String> second = LocalStack.arguments(config, "127.0.0.1:1", "mongodb://127.0.0.1:3", "import-service.1");
    assertThat(first).contains("--server.port=5");
    assertThat(second).contains("--server.port=25", "--spring.mongodb.uri=mongodb://127.0.0.1:3/imports",
        "--platform.import.spool-dir=" + root.resolve("data").resolve("spool"),
        "--platform.import.contact-service-url=http://127.0.0.1:4");
    assertThat(second.stream().filter(a -> !a.startsWith("--server.port="))).containsExactlyElementsOf(
        first.stream().filter(a -> !a.startsWith("--server.port=")).toList());
    assertThat(LocalStack.arguments(config, "127.0.0.1:1", "mongodb://127.0.0.1:3", "dnc-service.1"))
        .contains("--server.port=26", "--platform.dnc.import.spool-dir=" + root.resolve("data").resolve("dnc-spool"));
    assertThat(LocalStack.serviceOf("dnc-service.1")).isEqualTo(StackConfig.DNC);
  }

  /** {@code <root>/<service>/target/<service>-0-exec.jar} running {@link EnvEcho}. */
  private void fakeServiceJar(String service) throws Exception {
    Path target = Files.createDirectories(root.resolve(service).resolve("target"));
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, EnvEcho.class.getName());
    String entry = EnvEcho.class.getName().replace('.', '/') + ".class";
    try (OutputStream file = Files.newOutputStream(target.resolve(service + "-0-exec.jar"));
         JarOutputStream jar = new JarOutputStream(file, manifest);
         InputStream in = EnvEcho.class.getClassLoader().getResourceAsStream(entry)) {
      jar.putNextEntry(new JarEntry(entry));
      in.transferTo(jar);
      jar.closeEntry();
    }
  }
}
