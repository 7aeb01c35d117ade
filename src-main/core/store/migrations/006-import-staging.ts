import type { Migration } from './index.js'

/**
 * Imports stage. An import writes its dataset in many short transactions, so it never holds the
 * store's write lock for more than a moment; until its final transaction publishes it, the dataset
 * row carries `staging_owner` (the importing process, see store/owners.ts) and every reader skips
 * it. A staged dataset whose owner is gone (a killed import) is removed when the store is opened.
 * Deleting a dataset unpublishes it the same way before removing its entries in short steps.
 */
export const migration006: Migration = {
  version: 6,
  name: 'import-staging',
  sql: `
    ALTER TABLE datasets ADD COLUMN staging_owner TEXT;
    CREATE INDEX datasets_staged ON datasets(staging_owner) WHERE staging_owner IS NOT NULL;
  `,
}
