// Hand-maintained binding, see README.md: mirrors kislerdm/neon 0.15.0 (provider block).
import { TerraformProvider } from "cdktf";
import type { Construct } from "constructs";

export const NEON_PROVIDER_SOURCE = "kislerdm/neon";
export const NEON_PROVIDER_VERSION = "0.15.0";

export interface NeonProviderConfig {
  /** Neon API key; leave unset to read NEON_API_KEY from the environment (keeps it out of the config). */
  readonly apiKey?: string;
  readonly alias?: string;
}

export class NeonProvider extends TerraformProvider {
  static readonly tfResourceType = "neon";
  private readonly config: NeonProviderConfig;

  constructor(scope: Construct, id: string, config: NeonProviderConfig = {}) {
    super(scope, id, {
      terraformResourceType: "neon",
      terraformGeneratorMetadata: { providerName: "neon", providerVersion: NEON_PROVIDER_VERSION },
      terraformProviderSource: NEON_PROVIDER_SOURCE,
    });
    this.config = config;
    this.alias = config.alias;
  }

  protected override synthesizeAttributes(): Record<string, unknown> {
    return { api_key: this.config.apiKey, alias: this.config.alias };
  }
}
