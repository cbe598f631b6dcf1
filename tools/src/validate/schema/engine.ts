import type { Finding } from '../../model/finding.js';
import type { ParsedResource } from '../../parse/resource.js';

export interface SchemaOptions {
  /** A kind with no schema is `schema-missing`: an error unless this is set (then a warning). */
  ignoreMissingSchemas?: boolean;
  /** Folders with CustomResourceDefinition YAML files for custom kinds. */
  schemaDirs?: readonly string[];
}

/** One API request of a ServiceAccount, as a SubjectAccessReview asks it. */
export interface AccessRequest {
  account: string;
  /** The ServiceAccount's namespace ('default' when the render names none). */
  accountNamespace: string;
  group: string;
  resource: string;
  verb: string;
  /** Undefined for a cluster-scoped resource or a request across all namespaces. */
  namespace?: string;
  name?: string;
}

export interface AccessDecision {
  allowed: boolean;
  /** The authorizer's reason or evaluation error, when it gives one. */
  reason?: string;
}

/** One interface for every schema backend: parsed resources in, `schema` / `schema-missing` findings out. */
export interface SchemaEngine {
  readonly name: string;
  validate(resources: readonly ParsedResource[], options: SchemaOptions): Promise<Finding[]>;
  /** Stop what the engine started (the api-server backend's server); the caller calls it once the run is over. */
  close?(): Promise<void>;
  /**
   * A backend with a real authorizer (the api-server backend): apply the render's RBAC objects, then ask it
   * about each request (one SubjectAccessReview each); the decisions in the requests' order.
   */
  reviewAccess?(resources: readonly ParsedResource[], requests: readonly AccessRequest[]): Promise<AccessDecision[]>;
}
