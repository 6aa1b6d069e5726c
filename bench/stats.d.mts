// Types for stats.mjs, so the TypeScript unit test can import it under strict settings.
export declare function percentile(values: readonly number[], p: number): number;
export declare function median(values: readonly number[]): number;
export declare function summarize(values: readonly number[]): { n: number; median: number; min: number; max: number };
export declare function ratio(a: number | undefined, b: number | undefined): number | undefined;
