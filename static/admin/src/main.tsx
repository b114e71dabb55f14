import { callResolver } from '../../common/bridge';
import { mount } from '../../common/mount';
import '../../common/report-admin.css';
import { AdminApp } from './AdminApp';

mount(
  <AdminApp
    api={{
      getOverview: () => callResolver('admin-resolver', 'getOverview', {}),
      saveSettings: (settings, version) => callResolver('admin-resolver', 'saveSettings', { settings, version }),
      searchUsers: (query) => callResolver('admin-resolver', 'searchUsers', { query }),
      searchProjects: (query) => callResolver('admin-resolver', 'searchProjects', { query }),
      getSiteOptions: () => callResolver('admin-resolver', 'getSiteOptions', {}),
    }}
  />,
);
