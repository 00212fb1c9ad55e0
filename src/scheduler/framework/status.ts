// The outcome of a plugin at one extension point, as upstream's framework.Status: undefined (or
// SUCCESS) means success; otherwise a code and the reasons users see in FailedScheduling messages.

/** Status codes (upstream's framework.Code). */
export type StatusCode =
  | 'Success'
  | 'Error'
  | 'Unschedulable'
  | 'UnschedulableAndUnresolvable'
  | 'Wait'
  | 'Skip'
  | 'Pending';

/** A plugin's answer; immutable. `reasons` are the exact upstream texts, e.g. `Insufficient cpu`. */
export class Status {
  private constructor(
    readonly code: StatusCode,
    readonly reasons: readonly string[],
    /** The plugin that returned it, filled in by the framework. */
    readonly plugin: string,
    readonly err: Error | undefined,
  ) {}

  static success(): Status {
    return SUCCESS;
  }
  static unschedulable(...reasons: string[]): Status {
    return new Status('Unschedulable', reasons, '', undefined);
  }
  static unresolvable(...reasons: string[]): Status {
    return new Status('UnschedulableAndUnresolvable', reasons, '', undefined);
  }
  static error(err: Error | string): Status {
    const e = typeof err === 'string' ? new Error(err) : err;
    return new Status('Error', [e.message], '', e);
  }
  static of(code: StatusCode, ...reasons: string[]): Status {
    return new Status(code, reasons, '', undefined);
  }

  /** The same status attributed to `plugin`. */
  withPlugin(plugin: string): Status {
    return new Status(this.code, this.reasons, plugin, this.err);
  }

  isSuccess(): boolean {
    return this.code === 'Success';
  }
  /** Unschedulable or UnschedulableAndUnresolvable. */
  isRejected(): boolean {
    return this.code === 'Unschedulable' || this.code === 'UnschedulableAndUnresolvable';
  }
  isSkip(): boolean {
    return this.code === 'Skip';
  }
  /** The reasons joined with ", " (upstream's Status.Message). */
  message(): string {
    return this.reasons.join(', ');
  }
}

const SUCCESS = Status.of('Success');

/** Whether `s` is success (undefined counts as success). */
export function isSuccess(s: Status | undefined): boolean {
  return s === undefined || s.isSuccess();
}
