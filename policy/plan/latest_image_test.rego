package plan.latest_image_test

import rego.v1

import data.plan.latest_image

deployment(image) := {"resource_changes": [{
	"address": "kubernetes_deployment_v1.Api",
	"type": "kubernetes_deployment_v1",
	"change": {
		"actions": ["update"],
		"after": {"spec": [{"template": [{"spec": [{"container": [{"name": "api", "image": image}]}]}]}]},
	},
}]}

test_latest_refused if {
	count(latest_image.deny) == 1 with input as deployment("ghcr.io/todo-platform/task-api:latest")
}

test_untagged_refused if {
	count(latest_image.deny) == 1 with input as deployment("registry.example.com:5000/task-api")
}

test_version_tag_allowed if {
	count(latest_image.deny) == 0 with input as deployment("ghcr.io/todo-platform/task-api:0.1.0")
}

test_digest_allowed if {
	count(latest_image.deny) == 0 with input as deployment("ghcr.io/todo-platform/task-api@sha256:0f3a")
}
