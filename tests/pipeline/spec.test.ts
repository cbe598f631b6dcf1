/** The spec stage of a run (tools/src/pipeline/spec.ts): a spec, no spec, or one finding per problem. */
import { rm } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { loadSpecFindings, specResult } from '../../tools/src/pipeline/spec.js';
import type { Finding } from '../../tools/src/model/finding.js';
import { REPO_ROOT } from '../helpers/repo.js';
import { tempRepo } from '../helpers/pipeline-repo.js';

describe('loadSpecFindings', () => {
  it("loads the repository's spec with no findings", async () => {
    const { spec, findings } = await loadSpecFindings(REPO_ROOT);
    expect(findings).toEqual([]);
    expect(spec?.environments.length).toBeGreaterThan(0);
  });

  it('is no spec and no finding where there is no environments.yaml', async () => {
    const root = await tempRepo({});
    try {
      expect(await loadSpecFindings(root)).toStrictEqual({ findings: [] });
    } finally {
      await rm(root, { recursive: true });
    }
  });

  it('is one spec finding per problem of an invalid spec, each at its path, line and column', async () => {
    const root = await tempRepo({ 'environments.yaml': 'repository:\n  url: 5\nenvironments: 5\n' });
    try {
      expect(await loadSpecFindings(root)).toStrictEqual({
        findings: [
          {
            rule: 'spec',
            severity: 'error',
            message: 'repository.url: must be string',
            location: { file: 'environments.yaml', line: 2, col: 8 },
          },
          {
            rule: 'spec',
            severity: 'error',
            message: 'environments: must be object',
            location: { file: 'environments.yaml', line: 3, col: 15 },
          },
        ],
      });
    } finally {
      await rm(root, { recursive: true });
    }
  });

  it('names a spec that cannot be read as a finding without a line', async () => {
    const root = await tempRepo({ 'environments.yaml/x': '' });
    try {
      const { spec, findings } = await loadSpecFindings(root);
      expect(spec).toBeUndefined();
      expect(findings).toHaveLength(1);
      expect(findings[0]).toMatchObject({ rule: 'spec', severity: 'error', message: expect.stringMatching(/EISDIR/) as unknown });
      expect(findings[0]?.location).toStrictEqual({ file: 'environments.yaml' });
    } finally {
      await rm(root, { recursive: true });
    }
  });
});

describe('specResult', () => {
  const finding = (severity: Finding['severity']): Finding => ({ rule: 'spec', severity, message: 'm' });

  it('is the first entry of a report, named after the spec file, failed by an error', () => {
    expect(specResult([finding('error')])).toStrictEqual({
      path: 'environments.yaml',
      ok: false,
      resources: 0,
      findings: [finding('error')],
      checked: [],
    });
  });

  it('is ok with warnings only', () => {
    expect(specResult([finding('warning')]).ok).toBe(true);
  });
});
