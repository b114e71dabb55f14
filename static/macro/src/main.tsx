import { router } from '@forge/bridge';
import { callResolver } from '../../common/bridge';
import { sessionNotes } from './checks';
import { mount } from '../../common/mount';
import { MacroApp } from './MacroApp';

mount(
  <MacroApp
    api={{
      getOverview: () => callResolver('macro-resolver', 'getOverview', {}),
      linkIncident: (incidentKey) => callResolver('macro-resolver', 'linkIncident', { incidentKey }),
      addMissingSections: () => callResolver('macro-resolver', 'addMissingSections', {}),
      refreshTimeline: () => callResolver('macro-resolver', 'refreshTimeline', {}),
      reviewAction: (payload) => callResolver('macro-resolver', 'reviewAction', payload),
      tagFactors: (factors) => callResolver('macro-resolver', 'tagFactors', { factors }),
      reloadPage: () => router.reload(),
      notes: sessionNotes(),
    }}
  />,
);
