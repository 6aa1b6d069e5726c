// Types for api-report.mjs, so the TypeScript test can import it under strict settings.
export declare const REPORT: string;
export declare function apiReport(): string;
