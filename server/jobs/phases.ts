import type { JobKind, JobRow, StepOutcome } from './runner';

/** One phase of a job on one object (a router, a system VM): it acts on the object as it is now and says what comes next. */
export type Phase<Row, Payload> = (row: Row, job: JobRow, payload: Payload) => StepOutcome;

export interface PhasedJob<Row, Payload> {
  /** CloudStack's command class, shown as `cmd`. */
  cmd: string;
  instancetype: string;
  /** Reads the job's object afresh at each step; undefined once it is gone. */
  load(id: string): Row | undefined;
  /** The outcome of a step whose object is gone. */
  missing(job: JobRow): StepOutcome;
  /** Step n runs phase n; every step after the last phase runs the last phase again. */
  phases: readonly Phase<Row, Payload>[];
  onFail(job: JobRow, payload: Payload, text: string): void;
}

/**
 * A job kind made of phases: each step reads the job's object, fails the job when the object is gone,
 * and otherwise runs the step's phase.
 */
export function phasedJob<Row, Payload>(spec: PhasedJob<Row, Payload>): JobKind {
  const last = spec.phases.length - 1;
  return {
    cmd: spec.cmd,
    instancetype: spec.instancetype,
    step(job, payload, step) {
      const row = spec.load(job.instanceid!);
      if (!row) return spec.missing(job);
      return spec.phases[Math.min(step, last)]!(row, job, payload as Payload);
    },
    onFail: (job, payload, text) => spec.onFail(job, payload as Payload, text),
  };
}
