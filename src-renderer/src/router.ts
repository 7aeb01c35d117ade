import { createRouter, createWebHashHistory } from 'vue-router'
import HomeView from './views/HomeView.vue'
import ImportView from './views/ImportView.vue'
import ModelsView from './views/ModelsView.vue'
import PilotCompareView from './views/PilotCompareView.vue'
import PilotsView from './views/PilotsView.vue'
import PilotView from './views/PilotView.vue'
import PilotWizardView from './views/PilotWizardView.vue'

// Hash history works the same from file:// in Electron and from the web-mode server.
export const router = createRouter({
  history: createWebHashHistory(),
  routes: [
    { path: '/', name: 'home', component: HomeView },
    { path: '/import', name: 'import', component: ImportView },
    { path: '/pilots', name: 'pilots', component: PilotsView },
    { path: '/models', name: 'models', component: ModelsView },
    { path: '/pilot/new', name: 'pilot-new', component: PilotWizardView },
    { path: '/pilots/compare', name: 'pilot-compare', component: PilotCompareView },
    { path: '/pilots/:id(\\d+)', name: 'pilot', component: PilotView },
    // Loaded on demand: the browser's charts (ECharts) stay out of the first screen's bundle.
    { path: '/datasets/:id', name: 'dataset', component: () => import('./views/DatasetView.vue') },
  ],
})
