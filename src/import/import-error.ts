import { UserError } from '../errors';

/** A compose file the importer cannot read at all (missing, not YAML, a broken `extends`): nothing is written. */
export class ImportError extends UserError {
  constructor(message: string, hint: string) {
    super(message, { hint });
    this.name = 'ImportError';
  }
}
