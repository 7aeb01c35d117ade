import { ref } from 'vue'
import { errorText } from '../api/job-error'

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
      error.value = errorText(caught)
    } finally {
      busy.value = false
    }
  }

  return { busy, error, guard }
}
