import { CliCommand } from '../io';
import { MambaError } from '../../shared/errors';

// Placeholder until the engine lands; replaced by the engine's owner.
export const run: CliCommand = async () => {
  throw new MambaError('ENGINE_UNAVAILABLE', '`mamba models` is not built yet');
};
