export declare function webBuildState(): 'missing' | 'stale' | 'fresh';
export declare function ensureWebBuild(opts?: { force?: boolean; log?: (message: string) => void }): Promise<'fresh' | 'built' | 'unavailable'>;
