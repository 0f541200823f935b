/** A problem a check found in a field: what is wrong and what to do about it. */
export type ProblemLevel = 'error' | 'warning';

export interface Problem {
  level: ProblemLevel;
  text: string;
  /** Shell commands that fix it, shown as code. */
  commands?: string[];
}

export const hasErrors = (problems: readonly Problem[]) => problems.some((p) => p.level === 'error');
