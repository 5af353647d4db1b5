package plan.public_load_balancer_test

import rego.v1

import data.plan.public_load_balancer

service(type, annotations) := {"resource_changes": [{
	"address": "kubernetes_service_v1.Api",
	"type": "kubernetes_service_v1",
	"change": {
		"actions": ["create"],
		"after": {"metadata": [{"annotations": annotations}], "spec": [{"type": type}]},
	},
}]}

test_public_load_balancer_refused if {
	count(public_load_balancer.deny) == 1 with input as service("LoadBalancer", {})
}

test_internal_load_balancer_allowed if {
	count(public_load_balancer.deny) == 0 with input as service("LoadBalancer", {"networking.gke.io/load-balancer-type": "Internal"})
}

test_cluster_ip_allowed if {
	count(public_load_balancer.deny) == 0 with input as service("ClusterIP", {})
}
