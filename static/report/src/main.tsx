import { callResolver } from '../../shared/bridge';
import { mount } from '../../shared/mount';
import { ReportApp } from './ReportApp';

mount(<ReportApp api={{ getSummary: () => callResolver('report-resolver', 'getSummary', {}) }} />);
