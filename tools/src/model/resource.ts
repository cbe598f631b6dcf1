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
}
