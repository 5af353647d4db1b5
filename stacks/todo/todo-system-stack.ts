import { RandomProvider } from "@cdktf/provider-random/lib/provider";
import { TlsProvider } from "@cdktf/provider-tls/lib/provider";
import { TerraformOutput } from "cdktf";
import type { Construct } from "constructs";
import { serviceDefinitions, type ServiceDefinition } from "../../services/service-definitions.js";
import { secretStoreKeys } from "../../services/service-definition.js";
import { EnvironmentStack, type EnvironmentStackProps } from "../environment/environment-stack.js";
import { kubernetesProvider } from "../environment/kubernetes-providers.js";
import { requirePreinstalledOperators } from "../environment/preinstalled-operators.js";
import { workloadDataServices, type DataServices } from "../environment/workload-data-services.js";
import { TODO_NAMES } from "./todo-names.js";
import { TodoSystem } from "./todo-system.js";

export interface TodoSystemStackProps extends EnvironmentStackProps {
  /** OTLP endpoint from the platform stack. @default - tracing off */
  readonly otlpEndpoint?: string;
  /**
   * Data services from earlier stacks: MSK and ElastiCache from the AWS stack, Neon from the
   * database stack. @default - each comes with the workloads: Strimzi or an external Kafka,
   * CloudNativePG, in-cluster Valkey
   */
  readonly provided?: Partial<DataServices>;
  /** The services to deploy. @default - the definitions in services/service-definitions.ts */
  readonly services?: readonly ServiceDefinition[];
}

/**
 * The stack of the Todo system ({@link TodoSystem}), with everything that needs the platform's
 * CRDs or the data services: in-cluster Kafka/Postgres/Redis where the environment runs them,
 * topics, Dapr components, and the five services. Planned only after the platform stack is
 * applied (stack dependency).
 *
 * Its id stays `todo-<env>-app` although the class is named after what it holds: the id is a
 * state contract (it names the Terraform state and every cross-stack reference to it), and
 * renaming it would orphan the deployed state.
 */
export class TodoSystemStack extends EnvironmentStack {
  readonly system: TodoSystem;

  constructor(scope: Construct, id: string, props: TodoSystemStackProps) {
    super(scope, id, props);
    const { env } = props;
    kubernetesProvider(this, env);
    new RandomProvider(this, "random");
    if (env.frontDoor?.tls.selfSigned) new TlsProvider(this, "tls");
    const namespace = env.kubernetes.namespace;
    const services = props.services ?? serviceDefinitions;
    const { kafka, postgres, redis } = workloadDataServices(this, {
      env,
      names: TODO_NAMES,
      provided: props.provided,
    });
    this.system = new TodoSystem(this, "Todo", {
      namespace,
      imageRegistry: env.images.registry,
      imageTag: env.images.tag,
      ...(env.images.pullSecrets ? { imagePullSecrets: env.images.pullSecrets } : {}),
      kafka,
      postgres,
      redis,
      topics: env.topics,
      sizing: env.services,
      services,
      otlpEndpoint: props.otlpEndpoint,
      traceSamplingRatio: env.observability.traceSamplingRatio,
      notificationWebhookUrl: env.notificationWebhookUrl,
      ...(env.frontDoor
        ? {
            ingressNamespace: env.frontDoor.controllerNamespace,
            frontDoor: {
              host: env.frontDoor.host,
              className: env.frontDoor.className,
              tls: env.frontDoor.tls,
              maxBodyKiB: env.frontDoor.maxBodyKiB,
              requestsPerSecond: env.frontDoor.requestsPerSecond,
            },
          }
        : {}),
    });
    new TerraformOutput(this, "task_api_url", {
      value: this.system.services["task-api"].url,
      description: "In-cluster URL of the task API",
    });
    new TerraformOutput(this, "kafka_bootstrap_servers", {
      value: kafka.bootstrapServers,
      // cdktf passes every cross-stack value as a sensitive output; Terraform refuses to re-export it unmarked.
      sensitive: props.provided?.kafka !== undefined,
    });
    new TerraformOutput(this, "redis_secret_name", { value: redis.passwordSecretName });
    new TerraformOutput(this, "secret_store_keys", {
      value: [...secretStoreKeys(services).keys()],
      description: `Secrets in namespace ${namespace} the services read through the Dapr secret store`,
    });
    requirePreinstalledOperators(this, env);
  }
}
