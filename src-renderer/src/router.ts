import { createRouter, createWebHashHistory } from 'vue-router'
import HomeView from './views/HomeView.vue'
import ImportView from './views/ImportView.vue'

// Hash history works the same from file:// in Electron and from the web-mode server.
export const router = createRouter({
  history: createWebHashHistory(),
  routes: [
    { path: '/', name: 'home', component: HomeView },
    { path: '/import', name: 'import', component: ImportView },
    // Loaded on demand: the browser's charts (ECharts) stay out of the first screen's bundle.
    { path: '/datasets/:id', name: 'dataset', component: () => import('./views/DatasetView.vue') },
  ],
})
