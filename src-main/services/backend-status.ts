import type { BackendStatus } from '../contract/schemas.js'

/** Until the training engine lands, the home screen shows that no backend has been probed yet. */
export async function placeholderBackendStatus(): Promise<BackendStatus> {
  return { active: 'not-probed', label: 'Not probed yet (the training engine arrives with issue 4)', tried: [] }
}
