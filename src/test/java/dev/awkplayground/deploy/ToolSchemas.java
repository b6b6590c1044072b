package dev.awkplayground.deploy;

import java.util.LinkedHashMap;
import java.util.Map;

import static dev.awkplayground.deploy.Keys.Leaf.ANY;
import static dev.awkplayground.deploy.Keys.Leaf.BOOL;
import static dev.awkplayground.deploy.Keys.Leaf.INT;
import static dev.awkplayground.deploy.Keys.Leaf.INT_OR_STRING;
import static dev.awkplayground.deploy.Keys.Leaf.STRING;
import static dev.awkplayground.deploy.Keys.listOf;
import static dev.awkplayground.deploy.Keys.mapOf;
import static dev.awkplayground.deploy.Keys.struct;

/**
 * The keys apko, melange and Skaffold accept, written down from the Go structs their YAML decoders fill (yaml.v3 with
 * KnownFields(true): the `yaml:` tag names a key, a field without one is its lower-cased name, `,inline` merges a
 * struct's keys into its parent's). Read from the public repositories, snapshots of August 2026; update from the same
 * files when a tool adds a key this project wants to use.
 */
final class ToolSchemas {
    private ToolSchemas() {
    }

    /*
     * apko, commit d1b5d5ec7633ad7288e5841b38fc8103a9773436: pkg/build/types/types.go (ImageConfiguration and the
     * structs below it); pkg/build/types/image_configuration.go decodes with KnownFields(true).
     */
    private static final Keys.Struct APKO_USER = struct("User",
            "username", STRING, "uid", INT, "gid", INT, "shell", STRING, "homedir", STRING);
    private static final Keys.Struct APKO_GROUP = struct("Group",
            "groupname", STRING, "gid", INT, "members", listOf(STRING));
    private static final Keys.Struct APKO_PATH = struct("PathMutation",
            "path", STRING, "type", STRING, "uid", INT, "gid", INT, "permissions", INT, "source", STRING,
            "recursive", BOOL);
    private static final Keys.Struct APKO_NAMED_CONTENT = struct("RuntimeKeyringEntry/AdditionalCertificateEntry",
            "name", STRING, "content", STRING);

    /** apko's ImageConfiguration: apko.yaml, and melange's build and test environments. */
    static final Keys.Struct APKO = struct("ImageConfiguration",
            "contents", struct("ImageContents",
                    "build_repositories", listOf(STRING),
                    "runtime_repositories", listOf(STRING),
                    "repositories", listOf(STRING),
                    "keyring", listOf(STRING),
                    "runtime_keyring", listOf(APKO_NAMED_CONTENT),
                    "packages", listOf(STRING),
                    "baseimage", struct("BaseImageDescriptor", "image", STRING, "apkindex", STRING)),
            "entrypoint", struct("ImageEntrypoint",
                    "type", STRING, "command", STRING, "shell-fragment", STRING, "services", mapOf(STRING)),
            "cmd", STRING,
            "stop-signal", STRING,
            "work-dir", STRING,
            "accounts", struct("ImageAccounts",
                    "run-as", STRING, "users", listOf(APKO_USER), "groups", listOf(APKO_GROUP)),
            "archs", listOf(STRING),
            "environment", mapOf(STRING),
            "paths", listOf(APKO_PATH),
            "vcs-url", STRING,
            "annotations", mapOf(STRING),
            "include", STRING,
            "volumes", listOf(STRING),
            "layering", struct("Layering", "strategy", STRING, "budget", INT),
            "format", STRING,
            "certificates", struct("ImageCertificates",
                    "additional", listOf(APKO_NAMED_CONTENT), "providers", listOf(STRING)));

    /*
     * melange, commit 2043d30b549e6f03c43e90341fb77c3532c4b790: pkg/config/config.go (Configuration and the structs
     * below it; ParseConfiguration decodes with KnownFields(true)) and pkg/config/build_option.go (BuildOption).
     */
    private static final Keys.Struct MELANGE_DEPENDENCIES = struct("Dependencies",
            "runtime", listOf(STRING), "provides", listOf(STRING), "replaces", listOf(STRING),
            "provider-priority", STRING, "replaces-priority", STRING);
    private static final Keys.Struct MELANGE_PACKAGE_OPTION = struct("PackageOption",
            "no-provides", BOOL, "no-depends", BOOL, "no-commands", BOOL, "no-versioned-shlib-deps", BOOL);
    private static final Keys.Struct MELANGE_SCRIPTLETS = struct("Scriptlets",
            "trigger", struct("Trigger", "script", STRING, "paths", listOf(STRING)),
            "pre-install", STRING, "post-install", STRING, "pre-deinstall", STRING, "post-deinstall", STRING,
            "pre-upgrade", STRING, "post-upgrade", STRING);
    private static final Keys.Struct MELANGE_CHECKS = struct("Checks", "disabled", listOf(STRING));
    private static final Keys.Struct MELANGE_CAPABILITY = struct("Capability",
            "path", STRING, "add", mapOf(STRING), "reason", STRING);
    private static final Keys.Struct MELANGE_RESOURCES = struct("Resources",
            "cpu", STRING, "cpumodel", STRING, "memory", STRING, "disk", STRING);
    private static final Keys.Struct MELANGE_PIPELINE = pipeline();
    private static final Keys.Struct MELANGE_TEST = struct("Test",
            "environment", APKO, "pipeline", listOf(MELANGE_PIPELINE));

    static final Keys.Struct MELANGE = struct("Configuration",
            "package", struct("Package",
                    "name", STRING,
                    "version", STRING,
                    "epoch", INT,
                    "description", STRING,
                    "annotations", mapOf(STRING),
                    "url", STRING,
                    "commit", STRING,
                    "target-architecture", listOf(STRING),
                    "copyright", listOf(struct("Copyright",
                            "paths", listOf(STRING), "attestation", STRING, "license", STRING,
                            "license-path", STRING, "detection-override", STRING)),
                    "dependencies", MELANGE_DEPENDENCIES,
                    "options", MELANGE_PACKAGE_OPTION,
                    "scriptlets", MELANGE_SCRIPTLETS,
                    "checks", MELANGE_CHECKS,
                    "cpe", struct("CPE",
                            "part", STRING, "vendor", STRING, "product", STRING, "edition", STRING,
                            "language", STRING, "sw_edition", STRING, "target_sw", STRING, "target_hw", STRING,
                            "other", STRING),
                    "setcap", listOf(MELANGE_CAPABILITY),
                    "timeout", ANY,
                    "resources", MELANGE_RESOURCES,
                    "test-resources", MELANGE_RESOURCES),
            "environment", APKO,
            "capabilities", struct("Capabilities", "add", listOf(STRING), "drop", listOf(STRING)),
            "pipeline", listOf(MELANGE_PIPELINE),
            "subpackages", listOf(struct("Subpackage",
                    "if", STRING, "range", STRING, "name", STRING, "pipeline", listOf(MELANGE_PIPELINE),
                    "dependencies", MELANGE_DEPENDENCIES, "options", MELANGE_PACKAGE_OPTION,
                    "scriptlets", MELANGE_SCRIPTLETS, "description", STRING, "annotations", mapOf(STRING),
                    "url", STRING, "commit", STRING, "checks", MELANGE_CHECKS, "test", MELANGE_TEST,
                    "setcap", listOf(MELANGE_CAPABILITY))),
            "data", listOf(struct("RangeData", "name", STRING, "items", mapOf(STRING))),
            "update", struct("Update",
                    "enabled", BOOL, "manual", BOOL, "require-sequential", BOOL, "shared", BOOL,
                    "version-separator", STRING, "ignore-regex-patterns", listOf(STRING), "release-monitor", ANY,
                    "github", ANY, "git", ANY, "oci", ANY, "version_data", ANY, "version-transform", ANY,
                    "exclude-reason", STRING, "schedule", ANY, "enable-prerelease-tags", BOOL),
            "vars", mapOf(STRING),
            "var-transforms", listOf(struct("VarTransforms",
                    "from", STRING, "match", STRING, "replace", STRING, "to", STRING)),
            "options", mapOf(struct("BuildOption",
                    "vars", mapOf(STRING),
                    "environment", struct("EnvironmentOption",
                            "contents", struct("ContentsOption",
                                    "packages", struct("ListOption",
                                            "add", listOf(STRING), "remove", listOf(STRING)))))),
            "test", MELANGE_TEST);

    /** melange's Pipeline, which nests pipelines. */
    private static Keys.Struct pipeline() {
        Map<String, Keys.Shape> keys = new LinkedHashMap<>();
        Keys.Struct pipeline = new Keys.Struct("Pipeline", keys);
        keys.put("if", STRING);
        keys.put("name", STRING);
        keys.put("uses", STRING);
        keys.put("with", mapOf(STRING));
        keys.put("runs", STRING);
        keys.put("pipeline", listOf(pipeline));
        keys.put("inputs", mapOf(struct("Input", "description", STRING, "default", STRING, "required", BOOL)));
        keys.put("needs", struct("Needs", "packages", listOf(STRING)));
        keys.put("label", STRING);
        keys.put("assertions", struct("PipelineAssertions", "required-steps", INT));
        keys.put("working-directory", STRING);
        keys.put("environment", mapOf(STRING));
        return pipeline;
    }

    /*
     * Skaffold, commit 359a940c1b26e9aecfad508c1e87a679ec86e49b: pkg/skaffold/schema/latest/config.go, schema
     * skaffold/v4beta14 (released in v2.19.0; identical to v4beta13 for every key below but buildpacks' buildArgs);
     * pkg/skaffold/yaml/yaml.go UnmarshalStrict decodes with KnownFields(true). Inline structs (Pipeline, BuildType,
     * ArtifactType, Generate, DeployType) are merged into their parents here, as yaml.v3 does.
     */
    private static final Keys.Struct SKAFFOLD_ARTIFACT = struct("Artifact",
            "image", STRING,
            "context", STRING,
            "sync", ANY,
            "docker", ANY, "bazel", ANY, "ko", ANY, "jib", ANY, "kaniko", ANY, "buildpacks", ANY,
            "custom", struct("CustomArtifact",
                    "buildCommand", STRING,
                    "dependencies", struct("CustomDependencies",
                            "dockerfile", ANY, "command", STRING, "paths", listOf(STRING), "ignore", listOf(STRING))),
            "requires", ANY,
            "hooks", ANY,
            "platforms", listOf(STRING),
            "runtimeType", STRING);

    private static final Map<String, Keys.Shape> SKAFFOLD_PIPELINE = Map.of(
            "build", struct("BuildConfig",
                    "hooks", ANY,
                    "artifacts", listOf(SKAFFOLD_ARTIFACT),
                    "insecureRegistries", listOf(STRING),
                    "tagPolicy", struct("TagPolicy",
                            "gitCommit", ANY, "sha256", ANY, "envTemplate", ANY, "dateTime", ANY,
                            "customTemplate", ANY, "inputDigest", ANY),
                    "platforms", listOf(STRING),
                    "local", struct("LocalBuild",
                            "push", BOOL, "tryImportMissing", BOOL, "useDockerCLI", BOOL, "useBuildkit", BOOL,
                            "concurrency", INT),
                    "googleCloudBuild", ANY,
                    "cluster", ANY),
            "test", ANY,
            "manifests", struct("RenderConfig",
                    "rawYaml", listOf(STRING),
                    "remoteManifests", ANY,
                    "kustomize", struct("Kustomize", "paths", listOf(STRING), "buildArgs", listOf(STRING)),
                    "helm", ANY,
                    "kpt", listOf(STRING),
                    "hooks", ANY,
                    "transform", ANY,
                    "validate", ANY,
                    "output", STRING),
            "deploy", struct("DeployConfig",
                    "docker", ANY,
                    "helm", ANY,
                    "kpt", ANY,
                    "kubectl", struct("KubectlDeploy",
                            "flags", struct("KubectlFlags",
                                    "global", listOf(STRING), "apply", listOf(STRING), "delete", listOf(STRING),
                                    "disableValidation", BOOL),
                            "remoteManifests", listOf(STRING),
                            "defaultNamespace", STRING,
                            "hooks", ANY),
                    "cloudrun", ANY,
                    "statusCheck", BOOL,
                    "statusCheckDeadlineSeconds", INT,
                    "tolerateFailuresUntilDeadline", BOOL,
                    "kubeContext", STRING,
                    "logs", struct("LogsConfig", "prefix", STRING, "jsonParse", ANY)),
            "portForward", listOf(struct("PortForwardResource",
                    "resourceType", STRING, "resourceName", STRING, "namespace", STRING, "port", INT_OR_STRING,
                    "address", STRING, "localPort", INT)),
            "resourceSelector", ANY,
            "verify", ANY,
            "customActions", ANY);

    static final Keys.Struct SKAFFOLD = skaffold();

    private static Keys.Struct skaffold() {
        Map<String, Keys.Shape> profile = new LinkedHashMap<>(SKAFFOLD_PIPELINE);
        profile.put("name", STRING);
        profile.put("activation", ANY);
        profile.put("requiresAllActivations", BOOL);
        // JSON patches: Skaffold's profiles have no "replacements" key.
        profile.put("patches", listOf(struct("JSONPatch", "op", STRING, "path", STRING, "from", STRING, "value", ANY)));

        Map<String, Keys.Shape> config = new LinkedHashMap<>(SKAFFOLD_PIPELINE);
        config.put("apiVersion", STRING);
        config.put("kind", STRING);
        config.put("metadata", struct("Metadata", "name", STRING, "labels", mapOf(STRING), "annotations",
                mapOf(STRING)));
        config.put("requires", ANY);
        config.put("profiles", listOf(new Keys.Struct("Profile", profile)));
        return new Keys.Struct("SkaffoldConfig", config);
    }
}
