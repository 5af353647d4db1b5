# An image tagged `latest` (or not tagged at all) is a different image on every pull: what
# was reviewed is not what runs, and a rollback cannot go back to it.
package plan.latest_image

import rego.v1

workload_types := {
	"kubernetes_deployment_v1", "kubernetes_deployment",
	"kubernetes_stateful_set_v1", "kubernetes_stateful_set",
	"kubernetes_daemon_set_v1", "kubernetes_daemonset",
	"kubernetes_job_v1", "kubernetes_job",
	"kubernetes_cron_job_v1", "kubernetes_cron_job",
	"kubernetes_pod_v1", "kubernetes_pod",
}

# Every container of the resource's pod spec, wherever the workload type nests it.
containers(after) := [c |
	walk(after, [path, value])
	path[count(path) - 1] in {"container", "init_container"}
	some c in value
]

unpinned(image) if endswith(image, ":latest")

unpinned(image) if {
	not contains(image, "@")
	name := regex.replace(image, `^[^/]+\.[^/]+/|^[^/]+:\d+/|^localhost/`, "")
	not contains(name, ":")
}

deny contains msg if {
	some rc in input.resource_changes
	rc.type in workload_types
	some action in rc.change.actions
	action in {"create", "update"}
	some c in containers(rc.change.after)
	unpinned(c.image)
	msg := sprintf("%s: container %q runs %q; pin a version tag or a digest, never latest", [rc.address, c.name, c.image])
}
