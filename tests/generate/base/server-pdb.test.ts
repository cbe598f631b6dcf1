/** The server PodDisruptionBudget: maxUnavailable from the quorum formula. */
import { describe, expect, it } from 'vitest';
import { serverPdb } from '../../../tools/src/generate/base/server-pdb.js';
import { objectLabels, selector } from './fixture.js';

describe('serverPdb', () => {
  // One server at a time while the rest keep a majority (floor((n-1)/2) failures tolerated), none when none is tolerated.
  it.each([
    [1, 0],
    [2, 0],
    [3, 1],
    [5, 1],
    [7, 1],
  ])('with %i servers, at most %i unavailable', (servers, maxUnavailable) => {
    expect(serverPdb(servers)).toEqual({
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'consul-server', labels: objectLabels('server') },
      spec: { maxUnavailable, selector: { matchLabels: selector('server') } },
    });
  });
});
