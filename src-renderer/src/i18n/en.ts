export const en = {
  app: {
    title: 'NNMF Workbench',
    tagline: 'Fill the gaps in plant matrices, and find out honestly whether a neural model helps.',
    language: 'Language',
    nav: { home: 'Home' },
  },
  backend: {
    heading: 'Training backend',
    checking: 'Checking which backend this PC can use…',
  },
  home: {
    datasetsHeading: 'Datasets',
    loading: 'Loading datasets…',
    emptyTitle: 'No datasets yet',
    emptyBody: 'Import a matrix from CSV, TSV or Excel (machines or runs as rows, sensors or failure modes as columns), or start with the sample data.',
    columns: { name: 'Name', shape: 'Rows × columns', observed: 'Observed values', density: 'Filled', kind: 'Values', created: 'Imported' },
    kind: { numeric: 'Measurements', binary: 'Failures (0/1)' },
    loadError: 'The datasets could not be loaded: {message}',
  },
  common: { retry: 'Try again' },
}
export type Messages = typeof en
