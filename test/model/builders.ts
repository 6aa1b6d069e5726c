/**
 * Small builders for normaliser tests: a stack is a few services, a service is the test image plus what the test is
 * about. Inputs are `unknown`-typed on purpose, because the normaliser must cope with what the types would reject.
 */
import type { DesiredService, DesiredState } from '../../src/model/desired';
import { resolveStack, resolveStackCollect, type ResolveOptions } from '../../src/model/normalize';
import type { Issue } from '../../src/errors';

export const IMAGE = 'stackfile-test/busybox:latest';
export const DIR = '/srv/app';

export type Input = Record<string, unknown>;

/** A service: the test image plus `extra`. */
export function svc(extra: Input = {}): Input {
  return { image: IMAGE, ...extra };
}

/** A stack named `app` holding `services`, plus top-level `extra` (volumes, networks, envs). */
export function stack(services: Record<string, unknown>, extra: Input = {}): Input {
  return { name: 'app', services, ...extra };
}

export function resolve(input: unknown, options: Partial<ResolveOptions> = {}): DesiredState {
  return resolveStack(input, { dir: DIR, ...options });
}

/** The one service `s` of a single-service stack, normalised. */
export function only(service: Input, extra: Input = {}, options: Partial<ResolveOptions> = {}): DesiredService {
  return resolve(stack({ s: service }, extra), options).services.s;
}

export function issues(input: unknown, options: Partial<ResolveOptions> = {}): Issue[] {
  return resolveStackCollect(input, { dir: DIR, ...options }).issues;
}

/** Issues of a single-service stack. */
export function issuesOf(service: Input, extra: Input = {}, options: Partial<ResolveOptions> = {}): Issue[] {
  return issues(stack({ s: service }, extra), options);
}

export function paths(list: Issue[]): string[] {
  return list.map((i) => i.path);
}
