/**
 * What every report format implements: a reporter turns one command's typed result into one text. The
 * registry (registry.ts) holds each command's reporters and picks one by --format.
 */
import type { RuleInfo } from '../model/rule.js';
import type { RunReport } from './summary.js';

/** The tools package as package.json declares it: SARIF names it as the analysis tool. */
export interface ToolPackage {
  name: string;
  version: string;
  /** package.json `homepage`: where a SARIF viewer links the tool. */
  homepage?: string;
}

export interface ReportOptions {
  /** The text report's line width (others ignore it). */
  width?: number;
  /** The rule catalog, for the formats that describe every rule (SARIF); the CLI passes validate's catalog. */
  rules?: readonly RuleInfo[];
  /** The tools package, for the formats that name the tool (SARIF); the CLI reads it from package.json. */
  tool?: ToolPackage;
}

/** A reporter buffers its output (reports are small) and returns it as one text; validate's result unless told. */
export interface Reporter<Result = RunReport> {
  name: string;
  render(result: Result, options?: ReportOptions): string;
}
