import { isBlocking, type Finding } from './finding.js';

export const EXIT = { clean: 0, findings: 1, usage: 2 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export function exitCodeFor(findings: readonly Finding[]): ExitCode {
  return findings.some(isBlocking) ? EXIT.findings : EXIT.clean;
}
