
export { panelSection } from './record-section.ts';
export { seedDemoPanels } from './demo.ts';
