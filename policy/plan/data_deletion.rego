# Destroying (or replacing) a volume claim or a database deletes its data. The plan may do it
# only when the pull request carries the approval label, which the plan preview passes in
# as data.approvals.labels (the pull request's labels).
package plan.data_deletion

import rego.v1

approval_label := "approve-data-deletion"

data_types := {
	"kubernetes_persistent_volume_claim_v1", "kubernetes_persistent_volume_claim",
	"neon_project", "neon_branch", "neon_database",
	"aws_db_instance", "aws_rds_cluster",
}

# Custom resources that are databases: CloudNativePG clusters.
holds_data(rc) if rc.type in data_types

holds_data(rc) if {
	rc.type == "kubernetes_manifest"
	startswith(rc.change.before.manifest.apiVersion, "postgresql.cnpg.io/")
	rc.change.before.manifest.kind == "Cluster"
}

approved if approval_label in data.approvals.labels

deny contains msg if {
	some rc in input.resource_changes
	"delete" in rc.change.actions
	holds_data(rc)
	not approved
	msg := sprintf("%s: the plan deletes its data; add the %q label to the pull request once that is intended", [rc.address, approval_label])
}
