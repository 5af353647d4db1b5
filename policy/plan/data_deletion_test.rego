package plan.data_deletion_test

import rego.v1

import data.plan.data_deletion

change(type, actions, before) := {"resource_changes": [{
	"address": sprintf("%s.Data", [type]),
	"type": type,
	"change": {"actions": actions, "before": before},
}]}

cnpg := {"manifest": {"apiVersion": "postgresql.cnpg.io/v1", "kind": "Cluster"}}

test_pvc_deletion_refused if {
	count(data_deletion.deny) == 1 with input as change("kubernetes_persistent_volume_claim_v1", ["delete"], {})
		with data.approvals.labels as []
}

test_database_replacement_refused if {
	count(data_deletion.deny) == 1 with input as change("kubernetes_manifest", ["delete", "create"], cnpg)
		with data.approvals.labels as ["dev/destroy"]
}

test_approved_deletion_allowed if {
	count(data_deletion.deny) == 0 with input as change("neon_branch", ["delete"], {})
		with data.approvals.labels as ["approve-data-deletion"]
}

test_update_allowed if {
	count(data_deletion.deny) == 0 with input as change("kubernetes_persistent_volume_claim_v1", ["update"], {})
		with data.approvals.labels as []
}
