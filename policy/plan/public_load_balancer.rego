# A Service of type LoadBalancer gets a public address on every cloud unless it says it is
# internal; the Todo system's public entry is the front door, never a Service of its own.
package plan.public_load_balancer

import rego.v1

service_types := {"kubernetes_service_v1", "kubernetes_service"}

# The annotations by which the clouds' load balancer controllers keep an address private.
internal_annotations := {
	"service.beta.kubernetes.io/aws-load-balancer-internal": "true",
	"service.beta.kubernetes.io/aws-load-balancer-scheme": "internal",
	"networking.gke.io/load-balancer-type": "Internal",
	"service.beta.kubernetes.io/azure-load-balancer-internal": "true",
}

private_address(metadata) if {
	some key, value in internal_annotations
	metadata.annotations[key] == value
}

deny contains msg if {
	some rc in input.resource_changes
	rc.type in service_types
	some action in rc.change.actions
	action in {"create", "update"}
	some spec in rc.change.after.spec
	spec.type == "LoadBalancer"
	not private_address(rc.change.after.metadata[0])
	msg := sprintf("%s: a LoadBalancer Service without an internal annotation is public; expose it through the front door, or annotate it internal", [rc.address])
}
