package dev.awkplayground.clusterlab;

import java.io.PrintStream;
import java.net.HttpURLConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * What the lab created, in order, and its removal: exactly those objects, in reverse order, once, whether the run ends,
 * fails or is interrupted (the shutdown hook calls {@link #removeAll} too). The lab only ever creates: it refuses to
 * start when an object it would create already exists, so it never removes something it did not make.
 */
final class Created {
    private final KubernetesClient client;
    private final PrintStream log;
    private final List<HasMetadata> objects = new ArrayList<>();
    private boolean closed;

    Created(KubernetesClient client, PrintStream log) {
        this.client = client;
        this.log = log;
    }

    /** The objects that already exist: the lab must not take them over. */
    List<String> existing(List<HasMetadata> planned) {
        return planned.stream().filter(o -> client.resource(o).get() != null).map(Created::describe).toList();
    }

    /**
     * Creates an object and remembers it. Holding the lock while creating means the shutdown hook waits for a create
     * in flight and then removes its object too; after {@link #removeAll} nothing more is created.
     */
    synchronized void create(HasMetadata object) {
        if (closed) {
            throw new LabFailure("stopping: not creating " + describe(object));
        }
        objects.add(object);
        try {
            client.resource(object).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
                objects.remove(object); // someone else's, made since the check
            }
            throw new LabFailure("cannot create " + describe(object) + ": " + e.getMessage(), e);
        }
        log.println("created " + describe(object));
    }

    /**
     * Removes what was created, last first, and remembers nothing more; a second call does nothing.
     *
     * @param waitForNamespaces then wait until the namespaces are gone, without holding the lock, so that a shutdown
     *                          hook meanwhile finds nothing left to do and the JVM can end at once
     */
    void removeAll(boolean waitForNamespaces) {
        List<HasMetadata> removed = new ArrayList<>();
        synchronized (this) {
            closed = true;
            for (HasMetadata object : objects.reversed()) {
                try {
                    client.resource(object).delete();
                    removed.add(object);
                    log.println("deleted " + describe(object));
                } catch (KubernetesClientException e) {
                    log.println("could not delete " + describe(object) + ": " + e.getMessage());
                }
            }
            objects.clear();
        }
        if (waitForNamespaces) {
            removed.stream().filter(Namespace.class::isInstance).forEach(this::awaitGone);
        }
    }

    /** Whether {@link #removeAll} has run: after it, a failure of the steps still running is no news. */
    synchronized boolean closed() {
        return closed;
    }

    /** The objects created and not yet removed. */
    synchronized List<HasMetadata> objects() {
        return List.copyOf(objects);
    }

    private void awaitGone(HasMetadata namespace) {
        try {
            client.resource(namespace).waitUntilCondition(Objects::isNull, 2, TimeUnit.MINUTES);
        } catch (RuntimeException e) {
            log.println("namespace " + namespace.getMetadata().getName()
                    + " is still terminating; it goes away by itself: " + e.getMessage());
        }
    }

    static String describe(HasMetadata object) {
        String namespace = object.getMetadata().getNamespace();
        return object.getKind() + " " + (namespace == null ? "" : namespace + "/") + object.getMetadata().getName();
    }
}
