import { callResolver } from '../../shared/bridge';
import { mount } from '../../shared/mount';
import '../../shared/report-admin.css';
import { AdminApp } from './AdminApp';

mount(
  <AdminApp
    api={{
      getOverview: () => callResolver('admin-resolver', 'getOverview', {}),
      saveSettings: (settings) => callResolver('admin-resolver', 'saveSettings', { settings }),
      searchUsers: (query) => callResolver('admin-resolver', 'searchUsers', { query }),
      searchProjects: (query) => callResolver('admin-resolver', 'searchProjects', { query }),
    }}
  />,
);
