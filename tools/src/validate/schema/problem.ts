/**
 * A problem the schema stage finds at a JSON pointer, and the shape of the API server's own checks that
 * the offline engine runs beside the schema walk (names, ranges, cross-field), worded as the server
 * words its field errors (k8s.io/apimachinery/pkg/util/validation/field).
 */
import type { ScalarSource } from '../../model/resource.js';

export interface SchemaProblem {
  /** JSON pointer. */
  pointer: string;
  message: string;
}

/** What a check may ask beyond the object: how a scalar was written (YAML 1.1 octal, digits past 2^53). */
export interface CheckContext {
  scalarAt(pointer: string): ScalarSource | undefined;
}

/** A check of one object of a type (a container, a probe), at its pointer in the resource. */
export type TypeCheck = (object: Record<string, unknown>, pointer: string, context: CheckContext) => SchemaProblem[];

/** A value as Go's %v prints it in a field error: strings quoted, the rest as is. */
const shown = (value: unknown): string => (typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value)));

export const invalid = (pointer: string, value: unknown, message: string): SchemaProblem => ({
  pointer,
  message: `Invalid value: ${shown(value)}: ${message}`,
});

export const required = (pointer: string, detail = ''): SchemaProblem => ({
  pointer,
  message: `Required value${detail ? `: ${detail}` : ''}`,
});

export const forbidden = (pointer: string, detail: string): SchemaProblem => ({ pointer, message: `Forbidden: ${detail}` });

export const duplicate = (pointer: string, value: unknown): SchemaProblem => ({ pointer, message: `Duplicate value: ${shown(value)}` });

export const notSupported = (pointer: string, value: unknown, supported: readonly string[]): SchemaProblem => ({
  pointer,
  message: `Unsupported value: ${shown(value)}: supported values: ${supported.map((entry) => JSON.stringify(entry)).join(', ')}`,
});

/** Each message of a format check as an Invalid field error. */
export const invalidEach = (pointer: string, value: unknown, messages: readonly string[]): SchemaProblem[] =>
  messages.map((message) => invalid(pointer, value, message));
