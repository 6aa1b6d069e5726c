// Types for thousand-services.mjs: the 1,000-service stack.ts of the loader bench (thousand-services.mjs), for the TypeScript test that reuses it.
export declare function thousandServiceStack(project?: string): string;
