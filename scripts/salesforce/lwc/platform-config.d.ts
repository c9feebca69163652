import type { Linter } from 'eslint';

export declare const LWC_FILES: string[];
export declare function lwcPlatformConfig(files?: string[]): Linter.Config[];
