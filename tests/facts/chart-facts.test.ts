/**
 * tools/facts/consul-k8s-1.9.11/chart.json is what tools/scripts/extract-chart-facts.mjs gives from the
 * chart at the pinned tag. With a git directory of hashicorp/consul-k8s (CONSUL_K8S_GIT_DIR, or the
 * mirror at /work/.mirror/hashicorp+consul-k8s/repo), the script is run and must reproduce the committed
 * file byte for byte; without one (CI has none) the file must at least say how it was made and from which commit.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/repo.js';

const FILE = join(REPO_ROOT, 'tools/facts/consul-k8s-1.9.11/chart.json');
const facts = JSON.parse(readFileSync(FILE, 'utf8'));
const gitDir = [process.env.CONSUL_K8S_GIT_DIR, '/work/.mirror/hashicorp+consul-k8s/repo'].find(
  (dir): dir is string => typeof dir === 'string' && dir !== '' && existsSync(dir),
);

describe('chart facts', () => {
  it('say which script made them and from which commit of the chart', () => {
    expect(facts.generatedBy).toBe('tools/scripts/extract-chart-facts.mjs');
    expect(facts.sourceRef).toMatch(/^[0-9a-f]{40}$/);
    expect(facts.chart).toBe('1.9.11');
    expect(facts.serverPdb.maxUnavailable).toEqual({ 1: 0, 2: 1, 3: 1, 4: 1, 5: 1, 6: 1, 7: 1, 8: 1, 9: 1 });
    expect(facts.configChecksum.annotation).toBe('consul.hashicorp.com/config-checksum');
  });

  it.skipIf(!gitDir)(
    'are reproduced byte for byte by the script from the chart at v1.9.11',
    async () => {
      const result = await execa('node', ['tools/scripts/extract-chart-facts.mjs', '--consul-k8s', gitDir!, '--check'], {
        cwd: REPO_ROOT,
        reject: false,
      });
      expect(result.exitCode, `${result.stdout}${result.stderr}`).toBe(0);
    },
    60_000,
  );

  it('a wrong usage exits 2 with one line saying how to call it', async () => {
    const result = await execa('node', ['tools/scripts/extract-chart-facts.mjs'], { cwd: REPO_ROOT, reject: false });
    expect(result.exitCode).toBe(2);
    expect(result.stderr.trim()).toMatch(
      /^extract-chart-facts: usage: node tools\/scripts\/extract-chart-facts\.mjs --consul-k8s <git-dir>/,
    );
  });
});
