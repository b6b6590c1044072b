package dev.awkplayground;

import io.helidon.config.Config;
import io.helidon.logging.common.LogConfig;
import io.helidon.service.registry.Services;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.health.HealthObserver;

public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        LogConfig.configureRuntime();
        Config config = Config.create();
        Services.set(Config.class, config);
        WebServer server = WebServer.builder()
                .config(config.get("server"))
                .featuresDiscoverServices(false)
                .addFeature(ObserveFeature.builder().addObserver(HealthObserver.create()).build())
                .routing(r -> r.post("/test", (req, res) -> res.send("not yet")))
                .build()
                .start();
        System.out.println("listening on " + server.port());
    }
}
