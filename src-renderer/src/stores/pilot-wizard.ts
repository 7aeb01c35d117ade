import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { DataCheck, PilotConfig, PilotEstimate } from '@contract/pilots'
import { useBusy } from './busy'
import { api } from '../api/client'
import { useDatasetsStore } from './datasets'

export const WIZARD_STEPS = ['dataset', 'check', 'goal', 'effort'] as const
export type WizardStep = (typeof WIZARD_STEPS)[number]

/** The wizard edits one pilot config; the main side validates it against the same schema. */
export const useWizardStore = defineStore('pilot-wizard', () => {
  const step = ref<WizardStep>('dataset')
  const config = ref<PilotConfig>({ datasetId: 0, goal: 'fill-cells', holdoutFraction: 0.1, effort: 'quick', seed: 0, overrideSuitability: false })
  const check = ref<DataCheck | null>(null)
  const estimate = ref<PilotEstimate | null>(null)
  const { busy, error, guard } = useBusy()
  const datasets = useDatasetsStore()

  const dataset = computed(() => datasets.items.find((d) => d.id === config.value.datasetId) ?? null)
  const blocked = computed(() => check.value?.verdict === 'unsuitable' && !config.value.overrideSuitability)

  async function start(initial: Partial<PilotConfig> = {}): Promise<void> {
    await datasets.refresh()
    config.value = { datasetId: 0, goal: 'fill-cells', holdoutFraction: 0.1, effort: 'quick', seed: 0, overrideSuitability: false, ...initial }
    check.value = null
    estimate.value = null
    error.value = null
    step.value = 'dataset'
    if (config.value.datasetId) await chooseDataset(config.value.datasetId)
  }

  async function chooseDataset(datasetId: number): Promise<void> {
    config.value.datasetId = datasetId
    check.value = null
    estimate.value = null
    await guard(async () => {
      check.value = await api.checkDataset({ datasetId })
      step.value = 'check'
    })
  }

  async function goTo(next: WizardStep): Promise<void> {
    step.value = next
    if (next === 'effort') {
      estimate.value = null
      await guard(async () => {
        estimate.value = await api.estimatePilot({ config: config.value })
      })
    }
  }

  return { step, config, check, estimate, busy, error, dataset, blocked, start, chooseDataset, goTo }
})
