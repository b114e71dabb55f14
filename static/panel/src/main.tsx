import { callResolver } from '../../common/bridge';
import { mount } from '../../common/mount';
import { PanelApp } from './PanelApp';

mount(
  <PanelApp
    api={{
      getOverview: () => callResolver('panel-resolver', 'getOverview', {}),
      createPostmortem: (spaceKey) => callResolver('panel-resolver', 'createPostmortem', spaceKey ? { spaceKey } : {}),
      listCreatableSpaces: () => callResolver('panel-resolver', 'listCreatableSpaces', {}),
      searchPages: (query) => callResolver('panel-resolver', 'searchPages', { query }),
      linkExistingPage: (pageId) => callResolver('panel-resolver', 'linkExistingPage', { pageId }),
      getWaiver: () => callResolver('panel-resolver', 'getWaiver', {}),
      requestWaiver: (reason) => callResolver('panel-resolver', 'requestWaiver', { reason }),
      decideWaiver: (decision, note) => callResolver('panel-resolver', 'decideWaiver', note ? { decision, note } : { decision }),
    }}
  />,
);
