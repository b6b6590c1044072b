package dev.awkplayground.clusterlab;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * The cluster's controllers, as far as the lab can see them, for the mock server (which has none): for each new
 * Deployment, the ReplicaSet's pod, admitted as the ServiceAccount admission plugin would (a token volume unless
 * automounting is off), then started as the kubelet would, or not, as the test asks by image.
 */
final class FakeKubelet implements AutoCloseable {
    static final String TOKEN_DIRECTORY = "/var/run/secrets/kubernetes.io/serviceaccount";

    /** What becomes of a pod. */
    enum Outcome { READY, CANNOT_PULL, CRASH_LOOP, REFUSED_BY_POD_SECURITY, UNSCHEDULABLE }

    private final KubernetesClient client;
    private final String podIp;
    private final Map<String, Outcome> outcomes = new ConcurrentHashMap<>();
    private final Set<String> handled = ConcurrentHashMap.newKeySet();
    private final List<Deployment> seen = new CopyOnWriteArrayList<>();
    private final MockCluster cluster;
    private final Thread thread;
    private volatile boolean running = true;

    /**
     * @param podIp the address every pod gets
     */
    FakeKubelet(MockCluster cluster, String podIp) {
        this.cluster = cluster;
        this.client = cluster.client();
        this.podIp = podIp;
        this.thread = Thread.ofPlatform().daemon().name("fake-kubelet").start(this::loop);
    }

    /** What becomes of the pods of Deployments that run this image (by default: they become ready). */
    FakeKubelet when(String image, Outcome outcome) {
        outcomes.put(image, outcome);
        return this;
    }

    /** Every Deployment the controllers saw, as it was created. */
    List<Deployment> seen() {
        return List.copyOf(seen);
    }

    private void loop() {
        while (running) {
            try {
                for (Deployment deployment : client.apps().deployments().inAnyNamespace().list().getItems()) {
                    if (handled.add(deployment.getMetadata().getUid())) {
                        seen.add(deployment);
                        start(deployment);
                    }
                }
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (running) {
                    e.printStackTrace();
                }
            }
        }
    }

    private void start(Deployment deployment) {
        String namespace = deployment.getMetadata().getNamespace();
        String replicaSet = deployment.getMetadata().getName() + "-5d8f7c9b4";
        PodSpec spec = deployment.getSpec().getTemplate().getSpec();
        String image = spec.getContainers().getFirst().getImage();
        Outcome outcome = outcomes.getOrDefault(image, Outcome.READY);
        if (outcome == Outcome.REFUSED_BY_POD_SECURITY) {
            client.v1().events().inNamespace(namespace).resource(new EventBuilder()
                    .withNewMetadata().withName(replicaSet + ".1").endMetadata()
                    .withNewInvolvedObject().withKind("ReplicaSet").withName(replicaSet).withNamespace(namespace)
                    .endInvolvedObject()
                    .withType("Warning").withReason("FailedCreate")
                    .withMessage("Error creating: pods \"" + replicaSet + "-x2x7q\" is forbidden: violates PodSecurity "
                            + "\"restricted:latest\": runAsNonRoot != true (pod or container \"awk-playground\" must "
                            + "set securityContext.runAsNonRoot=true)")
                    .build()).create();
            return;
        }
        Pod pod = client.pods().inNamespace(namespace).resource(new PodBuilder()
                .withNewMetadata().withName(replicaSet + "-" + UUID.randomUUID().toString().substring(0, 5))
                .withNamespace(namespace).withLabels(deployment.getSpec().getTemplate().getMetadata().getLabels())
                .endMetadata()
                .withSpec(admitted(namespace, new PodSpecBuilder(spec).build()))
                .build()).create();
        pod.setStatus(status(outcome, image));
        client.pods().inNamespace(namespace).resource(pod).updateStatus();
        if (outcome == Outcome.CRASH_LOOP) {
            cluster.log(pod.getMetadata().getName(), "Exception in thread \"main\" "
                    + "java.lang.UnsupportedClassVersionError\n"
                    + "\tat java.base/java.lang.ClassLoader.defineClass1(Native Method)\n");
        }
        if (outcome == Outcome.READY) {
            deployment.setStatus(new DeploymentStatusBuilder().withObservedGeneration(1L).withReplicas(1)
                    .withUpdatedReplicas(1).withReadyReplicas(1).withAvailableReplicas(1).build());
            client.apps().deployments().inNamespace(namespace).resource(deployment).updateStatus();
        }
    }

    /** The ServiceAccount admission plugin: a projected token volume, unless the pod or its account turns it off. */
    private PodSpec admitted(String namespace, PodSpec spec) {
        Boolean automount = spec.getAutomountServiceAccountToken();
        if (automount == null) {
            ServiceAccount account = client.serviceAccounts().inNamespace(namespace)
                    .withName(spec.getServiceAccountName()).get();
            automount = account == null || !Boolean.FALSE.equals(account.getAutomountServiceAccountToken());
        }
        if (!automount) {
            return spec;
        }
        String volume = "kube-api-access-" + UUID.randomUUID().toString().substring(0, 5);
        spec.getVolumes().add(new VolumeBuilder().withName(volume).withNewProjected().endProjected().build());
        spec.getContainers().forEach(c -> c.getVolumeMounts().add(new VolumeMountBuilder().withName(volume)
                .withMountPath(TOKEN_DIRECTORY).withReadOnly(true).build()));
        return spec;
    }

    private PodStatus status(Outcome outcome, String image) {
        ContainerStatusBuilder container = new ContainerStatusBuilder().withName("awk-playground").withImage(image);
        return switch (outcome) {
            case READY -> new PodStatusBuilder().withPhase("Running").withPodIP(podIp)
                    .addNewCondition().withType("Ready").withStatus("True").endCondition()
                    .addToContainerStatuses(container.withReady(true).withNewState().withNewRunning().endRunning()
                            .endState().build())
                    .build();
            case CANNOT_PULL -> new PodStatusBuilder().withPhase("Pending")
                    .addToContainerStatuses(container.withReady(false).withNewState().withNewWaiting()
                            .withReason("ImagePullBackOff").withMessage("Back-off pulling image \"" + image + "\"")
                            .endWaiting().endState().build())
                    .build();
            case CRASH_LOOP -> new PodStatusBuilder().withPhase("Running").withPodIP(podIp)
                    .addToContainerStatuses(container.withReady(false).withRestartCount(3).withNewState()
                            .withNewWaiting().withReason("CrashLoopBackOff")
                            .withMessage("back-off 40s restarting failed container").endWaiting().endState()
                            .withNewLastState().withNewTerminated().withExitCode(1).withReason("Error")
                            .endTerminated().endLastState().build())
                    .build();
            case UNSCHEDULABLE -> new PodStatusBuilder().withPhase("Pending")
                    .addNewCondition().withType("PodScheduled").withStatus("False").withReason("Unschedulable")
                    .withMessage("0/1 nodes are available: 1 Insufficient memory.").endCondition()
                    .build();
            case REFUSED_BY_POD_SECURITY -> throw new IllegalArgumentException("no pod to give a status");
        };
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join();
    }
}
