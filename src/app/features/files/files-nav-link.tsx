import { NavLink } from 'react-router-dom';
import { useFilesText } from './files-text.ts';

/** The navigation entry of the Storage page (its label lives in the files namespace). */
export function FilesNavLink() {
  const { t } = useFilesText();
  return <NavLink to="/storage">{t('title')}</NavLink>;
}
