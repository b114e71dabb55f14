/** The weekly review agenda page (its schedule, title and body) and the agenda macro's lists. Pure. */
export * from './week';
export * from './page';
export * from './lists';
