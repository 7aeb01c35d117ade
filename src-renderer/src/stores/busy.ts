import { ref } from 'vue'
import { jobErrorText } from '../api/job-error'
import { RequestError } from '../api/transport'

/** `busy` while work runs, and its error message for people if it throws. */
export function useBusy() {
  const busy = ref(false)
  const error = ref<string | null>(null)

  async function guard(work: () => Promise<void>): Promise<void> {
    busy.value = true
    error.value = null
    try {
      await work()
    } catch (caught) {
      // A coded failure is worded in the page's language; other messages pass as they are.
      error.value =
        caught instanceof RequestError && caught.detail
          ? jobErrorText({ error: caught.message, errorDetail: caught.detail }, caught.message)
          : caught instanceof Error
            ? caught.message
            : String(caught)
    } finally {
      busy.value = false
    }
  }

  return { busy, error, guard }
}
