import type { Admission, AdmissionAttributes } from '../registry/admission.js';
import type { AdmissionPlugin } from './types.js';

/**
 * Admission control as upstream's chain: `admit` runs the mutating phase of every plugin in
 * order, `validate` the validating phase of every plugin in order; the first rejection ends
 * the request. Stateless apart from the plugins; safe to share between concurrent requests.
 */
export class AdmissionChain implements Admission {
  readonly plugins: readonly AdmissionPlugin[];

  constructor(plugins: readonly AdmissionPlugin[]) {
    this.plugins = plugins;
  }

  /** The names of the plugins in order. */
  get names(): string[] {
    return this.plugins.map((p) => p.name);
  }

  async admit(a: AdmissionAttributes): Promise<void> {
    for (const p of this.plugins) await p.admit?.(a);
  }

  async validate(a: AdmissionAttributes): Promise<void> {
    for (const p of this.plugins) await p.validate?.(a);
  }
}
