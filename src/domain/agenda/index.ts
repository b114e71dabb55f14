/** The weekly review agenda page: its schedule, title and body. Pure. */
export * from './week';
export * from './page';
