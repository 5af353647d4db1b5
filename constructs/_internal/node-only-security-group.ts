/**
 * The security group of a managed AWS data service: clients only from the Kubernetes nodes'
 * CIDR, on the service's one port; replication traffic only inside that CIDR.
 * @internal
 */
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group/index.js";
import type { Construct } from "constructs";

/** What the group, its ingress rule and its egress rule say (deployed text: keep it). */
export interface NodeOnlySecurityGroupDescriptions {
  readonly group: string;
  readonly ingress: string;
  readonly egress: string;
}

export function nodeOnlySecurityGroup(
  scope: Construct,
  network: { readonly vpcId: string; readonly clientCidr: string },
  group: { readonly name: string; readonly port: number } & NodeOnlySecurityGroupDescriptions,
): SecurityGroup {
  const cidrBlocks = [network.clientCidr];
  return new SecurityGroup(scope, "SecurityGroup", {
    name: group.name,
    description: group.group,
    vpcId: network.vpcId,
    ingress: [
      {
        description: group.ingress,
        fromPort: group.port,
        toPort: group.port,
        protocol: "tcp",
        cidrBlocks,
      },
    ],
    egress: [{ description: group.egress, fromPort: 0, toPort: 0, protocol: "-1", cidrBlocks }],
  });
}
