import type { Finding } from '../../model/finding.js';
import type { ParsedResource } from '../../parse/resource.js';

export interface SchemaOptions {
  /** A kind with no schema is `schema-missing`: an error unless this is set (then a warning). */
  ignoreMissingSchemas?: boolean;
  /** Folders with CustomResourceDefinition YAML files for custom kinds. */
  schemaDirs?: readonly string[];
}

/** One interface for every schema backend: parsed resources in, `schema` / `schema-missing` findings out. */
export interface SchemaEngine {
  readonly name: string;
  validate(resources: readonly ParsedResource[], options: SchemaOptions): Promise<Finding[]>;
  /** Stop what the engine started (the api-server backend's server); the caller calls it once the run is over. */
  close?(): Promise<void>;
}
