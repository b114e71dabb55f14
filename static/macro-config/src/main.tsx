import { view } from '@forge/bridge';
import { callResolver } from '../../common/bridge';
import { mount } from '../../common/mount';
import { ConfigApp } from './ConfigApp';
import './config.css';

mount(
  <ConfigApp
    api={{
      getOverview: () => callResolver('macro-resolver', 'getOverview', {}),
      searchIncidents: (query) => callResolver('macro-resolver', 'searchIncidents', { query }),
      linkIncident: (incidentKey) => callResolver('macro-resolver', 'linkIncident', { incidentKey }),
      unlinkIncident: () => callResolver('macro-resolver', 'unlinkIncident', {}),
      submit: (config) => view.submit({ config }),
      close: () => view.close(),
    }}
  />,
);
