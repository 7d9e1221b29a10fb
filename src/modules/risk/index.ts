
export { concernChecklist, createDefaultInstrument, type MissingEpisodeOnFile } from './instrument/index.ts';
export { riskPanelFor } from './record-panel.ts';
export { currentInstrument } from './versions.ts';
export { leadProfessionalReviews } from './home.ts';
