export const LETTA_VERSION: string;
export const lettaEntry: string;
export function ensureLetta(): string;
export function node22Bin(): string;
