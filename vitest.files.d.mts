// The types of vitest.files.mjs (plain JavaScript, which the TypeScript configs import).
export declare const QUICK_FILES: string[];
export declare const SHARED_FILES: string[];
export declare const NOT_QUICK_FILES: string[];
