import { App, LocalBackend, TerraformStack } from "cdktf";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";

const app = new App();
const stack = new TerraformStack(app, "todo-dev");
new LocalBackend(stack, { path: "terraform.todo-dev.tfstate" });
new KubernetesProvider(stack, "kubernetes", { configPath: "~/.kube/config" });
new NamespaceV1(stack, "Namespace", { metadata: { name: "todo" } });
app.synth();
