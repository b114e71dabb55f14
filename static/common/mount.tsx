import { StrictMode, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { enableTheme } from './bridge';
import './styles.css';

export function mount(app: ReactNode): void {
  void enableTheme();
  const el = document.getElementById('root');
  if (!el) throw new Error('index.html has no #root');
  createRoot(el).render(<StrictMode>{app}</StrictMode>);
}
