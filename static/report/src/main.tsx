import { callResolver } from '../../common/bridge';
import { downloadText } from '../../common/links';
import { mount } from '../../common/mount';
import '../../common/report-admin.css';
import { ReportApp } from './ReportApp';

mount(
  <ReportApp
    api={{
      getReport: (filters) => callResolver('report-resolver', 'getReport', { filters }),
      getSection: (query) => callResolver('report-resolver', 'getSection', query),
      exportCsv: (query) => callResolver('report-resolver', 'exportCsv', query),
      getAssigneeGroups: (query) => callResolver('report-resolver', 'getAssigneeGroups', query),
      getPractice: (projectKeys) => callResolver('report-resolver', 'getPractice', { projectKeys }),
      getFactors: (query) => callResolver('report-resolver', 'getFactors', query),
      download: (filename, csv) => downloadText(filename, csv),
    }}
  />,
);
