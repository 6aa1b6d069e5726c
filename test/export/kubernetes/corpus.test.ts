/**
 * Every object exported from every stack of the corpus (test/fixtures/kubernetes/corpus.ts) validates: against the
 * Kubernetes OpenAPI schema (kubernetes-models) and the API server's own rules (validate-objects.ts). The YAML written
 * parses back to exactly those objects, and exporting twice writes the same text.
 */
import { parseAllDocuments } from 'yaml';
import { describe, expect, test } from 'vitest';
import { exportKubernetes } from '../../../src/export/kubernetes/index';
import { renderStream } from '../../../src/export/kubernetes/render';
import { resolveStack } from '../../../src/model/normalize';
import { CORPUS, type CorpusCase } from '../../fixtures/kubernetes/corpus';
import { validateObjects } from './validate-objects';

function exportCase(c: CorpusCase) {
  const state = resolveStack(c.stack, { dir: '/srv/app', env: c.env, profiles: c.profiles, vars: c.vars ?? {} });
  return { ...exportKubernetes(state, c.options), existingClaims: Object.values(state.volumes).filter((v) => v.external).map((v) => v.name) };
}

describe('the corpus', () => {
  test('holds at least 15 stacks', () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(15);
  });

  test.each(CORPUS.map((c) => [c.name, c] as const))('%s: every object validates', (_name, c) => {
    const result = exportCase(c);
    expect(result.errors).toEqual([]);
    expect(result.manifests.length).toBeGreaterThan(1);
    expect(validateObjects(result.manifests.map((m) => m.object), { existingClaims: result.existingClaims })).toEqual([]);
  });

  test.each(CORPUS.map((c) => [c.name, c] as const))('%s: the YAML parses back to the objects, the same every time', (_name, c) => {
    const text = renderStream(exportCase(c).manifests, 'about');
    expect(renderStream(exportCase(c).manifests, 'about')).toBe(text);
    // YAML 1.1 too: kubectl's parser reads `on` or `0644` as other than strings.
    for (const version of ['1.1', '1.2'] as const) {
      const docs = parseAllDocuments(text, { version });
      expect(docs.flatMap((d) => d.errors)).toEqual([]);
      expect(docs.map((d) => d.toJS())).toEqual(JSON.parse(JSON.stringify(exportCase(c).manifests.map((m) => m.object))));
    }
  });
});
