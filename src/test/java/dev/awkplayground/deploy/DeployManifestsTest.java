package dev.awkplayground.deploy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LifecycleHandler;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasEntry;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

/**
 * The manifests {@code kubectl kustomize k8s} renders, read into fabric8's typed objects: every hardening property
 * the issue asks for, and agreement with the image (apko.yaml) and the service (application.yaml).
 */
class DeployManifestsTest {
    private static final String NAME = "awk-playground";
    private static final String NAME_LABEL = "app.kubernetes.io/name";
    /** The Kubernetes minor version whose Pod Security rules the namespace applies (the kubectl tested with). */
    private static final String PSA_VERSION = "v1.32";

    private final Deployment deployment = Manifests.one(Deployment.class);
    private final PodSpec pod = deployment.getSpec().getTemplate().getSpec();
    private final Container container = pod.getContainers().getFirst();

    @Test
    void rendersOneOfEachObjectWithNoFieldKubernetesDoesNotKnow() {
        List<String> kinds = Manifests.all().stream().map(HasMetadata::getKind).toList();
        assertThat(kinds, containsInAnyOrder("Namespace", "ServiceAccount", "Deployment", "Service", "NetworkPolicy"));
        for (HasMetadata object : Manifests.all()) {
            assertThat(object.getKind() + " fields fabric8 does not know", Manifests.unknownFields(object), empty());
            assertThat(object.getKind(), object.getMetadata().getName(), is(NAME));
            assertThat(object.getKind(), object.getMetadata().getLabels(), hasEntry(NAME_LABEL, NAME));
            if (!(object instanceof Namespace)) {
                assertThat(object.getKind(), object.getMetadata().getNamespace(), is(NAME));
            }
        }
    }

    @Test
    void namespaceEnforcesAuditsAndWarnsPodSecurityRestrictedPinnedToAVersion() {
        Map<String, String> labels = Manifests.one(Namespace.class).getMetadata().getLabels();
        for (String mode : List.of("enforce", "audit", "warn")) {
            assertThat(labels, hasEntry("pod-security.kubernetes.io/" + mode, "restricted"));
            assertThat("the profile's rules of one Kubernetes minor version, not latest",
                    labels, hasEntry("pod-security.kubernetes.io/" + mode + "-version", PSA_VERSION));
        }
    }

    @Test
    void everyObjectAndThePodsCarryTheRecommendedLabels() {
        List<Map<String, String>> labelled = new ArrayList<>();
        Manifests.all().forEach(object -> labelled.add(object.getMetadata().getLabels()));
        labelled.add(deployment.getSpec().getTemplate().getMetadata().getLabels());
        for (Map<String, String> labels : labelled) {
            assertThat(labels, hasEntry(NAME_LABEL, NAME));
            assertThat(labels, hasEntry("app.kubernetes.io/instance", "awk-playground-hardened"));
            assertThat(labels, hasEntry("app.kubernetes.io/version", version()));
            assertThat(labels, hasEntry("app.kubernetes.io/component", "server"));
            assertThat(labels, hasEntry("app.kubernetes.io/part-of", "vulnerable-awk-playground"));
            assertThat(labels, hasEntry("app.kubernetes.io/managed-by", "kustomize"));
        }
        Map<String, String> insecurePods = Manifests.insecure().stream().filter(Deployment.class::isInstance)
                .map(Deployment.class::cast).findFirst().orElseThrow()
                .getSpec().getTemplate().getMetadata().getLabels();
        assertThat("the instance label tells the two deployments apart", insecurePods,
                hasEntry("app.kubernetes.io/instance", "awk-playground-insecure"));
    }

    @Test
    void theImageHasTheVersionsTagAndAPullPolicy() {
        assertThat("kubectl apply -k without Skaffold does not mean :latest", container.getImage(),
                is(NAME + ":" + version()));
        assertThat(container.getImagePullPolicy(), is("IfNotPresent"));
    }

    @Test
    void ephemeralStorageIsRequestedAndLimitedAboveTheTmpVolume() {
        Quantity request = container.getResources().getRequests().get("ephemeral-storage");
        Quantity limit = container.getResources().getLimits().get("ephemeral-storage");
        assertThat("ephemeral-storage request", request, is(notNullValue()));
        assertThat("ephemeral-storage limit", limit, is(notNullValue()));
        assertThat(request.getNumericalAmount(), lessThanOrEqualTo(limit.getNumericalAmount()));
        for (Volume volume : pod.getVolumes()) {
            assertThat("the emptyDir counts against the pod's ephemeral storage",
                    volume.getEmptyDir().getSizeLimit().getNumericalAmount(), lessThanOrEqualTo(limit.getNumericalAmount()));
        }
    }

    @Test
    void endpointsDrainThroughTheKubeletsSleepBeforeSigterm() {
        LifecycleHandler preStop = container.getLifecycle().getPreStop();
        assertThat("no shell in the image: the kubelet's sleep action, not exec", preStop.getExec(), is(nullValue()));
        assertThat(preStop.getSleep().getSeconds(), greaterThan(0L));
    }

    @Test
    void prometheusFindsThePodByItsAnnotations() {
        Map<String, String> annotations = deployment.getSpec().getTemplate().getMetadata().getAnnotations();
        assertThat(annotations, hasEntry("prometheus.io/scrape", "true"));
        assertThat(annotations, hasEntry("prometheus.io/path", "/observe/metrics"));
        assertThat(Integer.parseInt(annotations.get("prometheus.io/port")), is(8080));
    }

    /** The contrast keeps what makes it the contrast; README's hardening table and the lab rely on each of these. */
    @Test
    void theInsecureOverlayKeepsItsDeliberateViolations() {
        List<HasMetadata> insecure = Manifests.insecure();
        Map<String, String> namespace = insecure.stream().filter(Namespace.class::isInstance).findFirst().orElseThrow()
                .getMetadata().getLabels();
        assertThat(namespace, hasEntry("pod-security.kubernetes.io/enforce", "privileged"));
        Deployment fat = insecure.stream().filter(Deployment.class::isInstance).map(Deployment.class::cast)
                .findFirst().orElseThrow();
        PodSpec fatPod = fat.getSpec().getTemplate().getSpec();
        Container fatContainer = fatPod.getContainers().getFirst();
        assertThat(fatPod.getSecurityContext().getRunAsUser(), is(0L));
        assertThat(fatPod.getSecurityContext().getRunAsNonRoot(), is(nullValue()));
        assertThat(fatPod.getSecurityContext().getSeccompProfile(), is(nullValue()));
        assertThat(fatContainer.getSecurityContext(), is(nullValue()));
        assertThat(fatPod.getAutomountServiceAccountToken(), is(true));
        assertThat(fatPod.getEnableServiceLinks(), is(true));
        assertThat(insecure.stream().filter(ServiceAccount.class::isInstance).map(ServiceAccount.class::cast)
                .findFirst().orElseThrow().getAutomountServiceAccountToken(), is(true));
        assertThat(insecure.stream().noneMatch(NetworkPolicy.class::isInstance), is(true));
        assertThat(fatContainer.getImage(), is("awk-playground-fat:" + version()));
    }

    @Test
    void noServiceAccountTokenAndNoServiceLinks() {
        ServiceAccount account = Manifests.one(ServiceAccount.class);
        assertThat(account.getAutomountServiceAccountToken(), is(false));
        assertThat(pod.getServiceAccountName(), is(account.getMetadata().getName()));
        assertThat(pod.getAutomountServiceAccountToken(), is(false));
        assertThat("service links would show cluster addresses in AWK's ENVIRON", pod.getEnableServiceLinks(),
                is(false));
    }

    @Test
    void runsAsApkosNonRootUserWithRuntimeDefaultSeccomp() {
        long[] runAs = ApkoImage.read().runAs();
        assertThat(runAs[0], is(65532L));
        PodSecurityContext podContext = pod.getSecurityContext();
        assertThat(podContext.getSeccompProfile().getType(), is("RuntimeDefault"));
        assertThat(pod.getHostNetwork(), is(nullValue()));
        assertThat(pod.getHostPID(), is(nullValue()));
        assertThat(pod.getHostIPC(), is(nullValue()));
        for (Container c : allContainers()) {
            SecurityContext own = Objects.requireNonNullElseGet(c.getSecurityContext(), SecurityContext::new);
            // A container's own setting wins over the pod's.
            assertThat(c.getName(), effective(own.getRunAsNonRoot(), podContext.getRunAsNonRoot()), is(true));
            assertThat("runAsUser is apko's run-as uid",
                    effective(own.getRunAsUser(), podContext.getRunAsUser()), is(runAs[0]));
            assertThat("runAsGroup is apko's run-as gid",
                    effective(own.getRunAsGroup(), podContext.getRunAsGroup()), is(runAs[1]));
            if (own.getSeccompProfile() != null) {
                assertThat(own.getSeccompProfile().getType(), is("RuntimeDefault"));
            }
        }
    }

    @Test
    void containersCannotEscalateWriteTheirRootOrUseCapabilities() {
        for (Container c : allContainers()) {
            SecurityContext context = c.getSecurityContext();
            assertThat(c.getName(), context, is(notNullValue()));
            assertThat(c.getName(), context.getAllowPrivilegeEscalation(), is(false));
            assertThat(c.getName(), context.getPrivileged(), is(false));
            assertThat(c.getName(), context.getReadOnlyRootFilesystem(), is(true));
            Capabilities capabilities = context.getCapabilities();
            assertThat(c.getName(), capabilities.getDrop(), containsInAnyOrder("ALL"));
            assertThat(c.getName(), Objects.requireNonNullElse(capabilities.getAdd(), List.of()), empty());
        }
    }

    @Test
    void tmpIsTheOnlyWritablePathAndItsSizeIsBounded() {
        // Volume types Pod Security "restricted" allows; of those, only emptyDir is used.
        for (Volume volume : pod.getVolumes()) {
            assertThat(volume.getName() + " is an emptyDir", volume.getEmptyDir(), is(notNullValue()));
            assertThat(volume.getName() + " sizeLimit", volume.getEmptyDir().getSizeLimit(), is(notNullValue()));
        }
        List<String> writable = container.getVolumeMounts().stream()
                .filter(mount -> !Boolean.TRUE.equals(mount.getReadOnly()))
                .map(VolumeMount::getMountPath)
                .toList();
        assertThat(writable, containsInAnyOrder("/tmp"));
        assertThat("the JVM's temporary files go to the writable volume", ApkoImage.read().expandedJvmOptions(),
                hasItem("-Djava.io.tmpdir=" + writable.getFirst()));
    }

    @Test
    void resourcesAreRequestedAndLimitedAndTheLimitHoldsTheHeap() {
        Map<String, Quantity> requests = container.getResources().getRequests();
        Map<String, Quantity> limits = container.getResources().getLimits();
        for (String resource : List.of("cpu", "memory")) {
            assertThat(resource + " request", requests.get(resource), is(notNullValue()));
            assertThat(resource + " limit", limits.get(resource), is(notNullValue()));
            assertThat(resource + " request <= limit", requests.get(resource).getNumericalAmount(),
                    lessThanOrEqualTo(limits.get(resource).getNumericalAmount()));
        }
        // Measured: RSS peaked at about 368 MiB with a 192 MiB heap, so the rest of the JVM took about as much again.
        long limitMiB = limits.get("memory").getNumericalAmount().longValue() / (1024 * 1024);
        assertThat("memory limit (MiB) against twice the image's -Xmx", limitMiB,
                greaterThanOrEqualTo(2 * ApkoImage.read().maxHeapMiB()));
    }

    @Test
    void probesUseTheObserveHealthEndpointsOnTheContainerPort() {
        assertThat(probePath(Container::getStartupProbe), is("/observe/health/started"));
        assertThat(probePath(Container::getLivenessProbe), is("/observe/health/live"));
        assertThat(probePath(Container::getReadinessProbe), is("/observe/health/ready"));
        for (Probe probe : List.of(container.getStartupProbe(), container.getLivenessProbe(),
                container.getReadinessProbe())) {
            assertThat(containerPort(probe.getHttpGet().getPort()), is(8080));
        }
    }

    @Test
    void theDemoModeIsSetExplicitly() {
        List<EnvVar> env = container.getEnv();
        assertThat(env.stream().filter(e -> e.getName().equals("PLAYGROUND_MODE")).map(EnvVar::getValue).toList(),
                containsInAnyOrder("vulnerable"));
    }

    @Test
    void theServiceShutsDownWithinTheGracePeriod() {
        Map<String, Object> server = ApkoImage.map(Project.yaml("src/main/resources/application.yaml").get("server"),
                "application.yaml server");
        Duration helidonGrace = Duration.parse(String.valueOf(server.get("shutdown-grace-period")));
        long preStop = container.getLifecycle().getPreStop().getSleep().getSeconds();
        assertThat("terminationGracePeriodSeconds leaves time after the preStop sleep and Helidon's "
                + "shutdown-grace-period", pod.getTerminationGracePeriodSeconds(),
                greaterThan(preStop + helidonGrace.toSeconds() + 2));
    }

    @Test
    void theDeploymentRunsTheImageSkaffoldBuilds() {
        Map<String, Object> build = ApkoImage.map(Project.yaml("skaffold.yaml").get("build"), "skaffold build");
        List<Object> artifacts = ApkoImage.list(build.get("artifacts"), "skaffold artifacts");
        Object image = ApkoImage.map(artifacts.getFirst(), "artifact").get("image");
        assertThat("the image Skaffold builds, with the tag kustomize gives it",
                container.getImage().replaceFirst(":[^:/]+$", ""), is(image));
        assertThat(allContainers().size(), is(1));
    }

    @Test
    void theServiceIsClusterInternalOn8080AndSelectsThePods() {
        Service service = Manifests.one(Service.class);
        assertThat(service.getSpec().getType(), is("ClusterIP"));
        ServicePort port = service.getSpec().getPorts().getFirst();
        assertThat(service.getSpec().getPorts().size(), is(1));
        assertThat(port.getPort(), is(8080));
        assertThat(containerPort(port.getTargetPort()), is(8080));
        Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
        assertThat("the Service selects the pods",
                Manifests.selects(new LabelSelector(null, service.getSpec().getSelector()), podLabels), is(true));
        assertThat(Manifests.selects(deployment.getSpec().getSelector(), podLabels), is(true));
    }

    @Test
    void theNetworkPolicySelectsThePodsDeniesAllEgressAndAdmits8080Only() {
        NetworkPolicy policy = Manifests.one(NetworkPolicy.class);
        Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
        assertThat("the policy selects the Deployment's pods",
                Manifests.selects(policy.getSpec().getPodSelector(), podLabels), is(true));
        assertThat(policy.getSpec().getPolicyTypes(), containsInAnyOrder("Ingress", "Egress"));
        assertThat("no egress rule: no connection out at all",
                Objects.requireNonNullElse(policy.getSpec().getEgress(), List.of()), empty());
        List<NetworkPolicyIngressRule> ingress = policy.getSpec().getIngress();
        assertThat(ingress.size(), is(1));
        List<NetworkPolicyPort> ports = ingress.getFirst().getPorts();
        assertThat(ports.size(), is(1));
        assertThat(ports.getFirst().getProtocol(), is("TCP"));
        assertThat(containerPort(ports.getFirst().getPort()), is(8080));
        assertThat(ports.getFirst().getEndPort(), is(nullValue()));
    }

    /** The project's version, as the image tag and the version label give it (without -SNAPSHOT). */
    private static String version() {
        java.util.regex.Matcher version = java.util.regex.Pattern.compile("</parent>\\s*<groupId>[^<]+</groupId>"
                + "\\s*<artifactId>[^<]+</artifactId>\\s*<version>([^<]+)</version>").matcher(Project.read("pom.xml"));
        assertThat("the project's version in pom.xml", version.find(), is(true));
        return version.group(1).replace("-SNAPSHOT", "");
    }

    private List<Container> allContainers() {
        List<Container> all = new ArrayList<>(pod.getContainers());
        all.addAll(Objects.requireNonNullElse(pod.getInitContainers(), List.of()));
        return all;
    }

    private static <T> T effective(T containerValue, T podValue) {
        return containerValue != null ? containerValue : podValue;
    }

    private String probePath(Function<Container, Probe> probe) {
        Probe p = probe.apply(container);
        assertThat("probe", p, is(notNullValue()));
        return p.getHttpGet().getPath();
    }

    /** A port given by number or by the container port's name, as the container port number. */
    private int containerPort(IntOrString port) {
        if (port.getIntVal() != null) {
            return port.getIntVal();
        }
        return container.getPorts().stream()
                .filter(p -> port.getStrVal().equals(p.getName()))
                .map(ContainerPort::getContainerPort)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no container port named " + port.getStrVal()));
    }

    static Set<String> probePaths(Deployment deployment) {
        Container c = deployment.getSpec().getTemplate().getSpec().getContainers().getFirst();
        return Stream.of(c.getStartupProbe(), c.getLivenessProbe(), c.getReadinessProbe())
                .map(probe -> probe.getHttpGet().getPath())
                .collect(Collectors.toSet());
    }
}
