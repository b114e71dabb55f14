import { callResolver } from '../../common/bridge';
import { mount } from '../../common/mount';
import { AgendaApp } from './AgendaApp';

mount(<AgendaApp api={{ getAgenda: () => callResolver('agenda-resolver', 'getAgenda', {}) }} />);
