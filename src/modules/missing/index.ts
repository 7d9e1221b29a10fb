
export { missingSection } from './view-model.ts';
export { missingEpisodesOnFile } from './queries.ts';
export { visibleEpisodes } from './policy.ts';
export { DEFAULT_MISSING_SETTINGS } from './settings.ts';
export { type DemoEpisode, seedDemoEpisodes } from './demo.ts';
