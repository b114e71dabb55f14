/**
 * Resolver of the review meeting's agenda macro (manifest function `agenda-resolver`, macro
 * `postmortem-agenda`): its one call handed to its use case, read live as the viewer. The macro
 * has no config; the page it is on names nothing it reads.
 */
import { getAgenda } from '../usecases/agenda/get-agenda';
import { asCaller } from './context';
import { defineSurface } from './define';

export const handler = defineSurface('agenda-resolver', {
  getAgenda: (inv) => getAgenda(inv.payload, asCaller(inv)),
});
