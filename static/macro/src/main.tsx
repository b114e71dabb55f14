import { callResolver } from '../../shared/bridge';
import { mount } from '../../shared/mount';
import { MacroApp } from './MacroApp';

mount(
  <MacroApp
    api={{
      getOverview: () => callResolver('macro-resolver', 'getOverview', {}),
      linkIncident: (incidentKey) => callResolver('macro-resolver', 'linkIncident', { incidentKey }),
      addMissingSections: () => callResolver('macro-resolver', 'addMissingSections', {}),
      reviewAction: (payload) => callResolver('macro-resolver', 'reviewAction', payload),
    }}
  />,
);
