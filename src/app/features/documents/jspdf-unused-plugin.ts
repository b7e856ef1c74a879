/**
 * Stands in for the libraries jsPDF loads only for features the app does not use (rendering
 * HTML with html2canvas and DOMPurify, SVG with canvg): vite.config.ts aliases them here, so they
 * are neither bundled nor precached by the service worker. Calling one of those features throws.
 */
function unavailable(): never {
  throw new Error('this jsPDF feature is not part of the app build');
}

export default unavailable;
export const sanitize = unavailable;
