/** Settings rules: validation messages and the change log's diff. */
export * from './changes';
export * from './validation';
