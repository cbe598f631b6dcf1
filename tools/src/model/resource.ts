import type { ResourceRef, SourceLocation } from './finding.js';

/** A rendered Kubernetes object with where it came from. */
export interface ParsedResource {
  ref: ResourceRef;
  /** The object as parsed (origin annotations already removed). */
  object: Record<string, unknown>;
  /** Position of the document in the rendered stream (file = the overlay's display name). */
  location: SourceLocation;
  /** The source file under base/ or overlays/ (from kustomize's origin annotation), repository-relative. */
  origin?: SourceLocation;
  /** Line of a JSON pointer inside this document, when the parser kept positions. */
  lineOf(pointer: string): number | undefined;
  /**
   * The source of the scalar at a JSON pointer (undefined when none, or for objects built without a
   * source): whether it was written plain (unquoted) and its text. A YAML 1.1 reader (kubectl, Argo CD)
   * reads some plain scalars differently from the YAML 1.2 parser here (`on` is a boolean, `0644` octal),
   * and a number past 2^53 has lost digits in the parsed object.
   */
  scalarAt?(pointer: string): ScalarSource | undefined;
  /**
   * The document's YAML text, when the object is a whole document (not an item of a List): what kubectl
   * and Argo CD read with their own YAML reader, so the api-server backend sends it as it is.
   */
  source?(): string | undefined;
}

export interface ScalarSource {
  plain: boolean;
  text: string;
}
