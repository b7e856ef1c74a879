import { useTranslation } from 'react-i18next';
import type { i18n as I18n } from 'i18next';

/**
 * The files screens' words, in their own i18next namespace (`files`) so the feature carries its
 * texts with it. Added to the app's instance on first use; bundled, so they work offline.
 */
const ptBR = {
  title: 'Arquivos',
  storageTitle: 'Armazenamento de arquivos',
  attach: 'Anexar arquivo',
  camera: 'Tirar foto',
  dropHere: 'Solte arquivos aqui',
  open: 'Abrir',
  close: 'Fechar',
  newVersion: 'Nova versão',
  history: 'Versões anteriores',
  delete: 'Excluir',
  restore: 'Restaurar',
  noFiles: 'Nenhum arquivo.',
  noPreview: 'Sem pré-visualização para este tipo.',
  download: 'Baixar',
  owner: 'Pertence a',
  type: 'Tipo',
  from: 'De',
  to: 'Até',
  state: 'Situação',
  all: 'Todos',
  showDeleted: 'Mostrar excluídos',
  states: {
    uploaded: 'Enviado',
    queued: 'Na fila',
    uploading: 'Enviando',
    verifying: 'Verificando',
    waiting: 'Aguardando conexão',
    failed: 'Falhou',
    elsewhere: 'Não está neste dispositivo',
    deleted: 'Excluído',
  },
  retry: 'Tentar de novo',
  cache: 'Cache de downloads',
  cacheUsage: '{{used}} de {{quota}} usados ({{files}} arquivos; {{pinned}} aguardam envio)',
  cacheQuota: 'Limite do cache (MB)',
  save: 'Salvar',
  reconcile: 'Reconciliar armazenamento',
  reconcileHelp: 'Compara o bucket com a tabela de arquivos. Primeiro mostra um relatório sem alterar nada.',
  dryRun: 'Simular (sem alterar)',
  apply: 'Aplicar estas mudanças',
  adminOnly: 'Somente administradores.',
  errors: {
    empty_file: 'O arquivo está vazio.',
    file_too_large: 'O arquivo é grande demais.',
    type_not_allowed: 'Este tipo de arquivo não é aceito aqui.',
    name_empty: 'O nome do arquivo está vazio.',
    name_has_path: 'O nome não pode conter caminhos (/, \\, ..).',
    name_has_control_characters: 'O nome contém caracteres de controle.',
    name_too_long: 'O nome tem mais de 255 caracteres.',
    invalid_owner: 'Este registro não aceita arquivos.',
    same_as_replaced: 'A nova versão é idêntica à anterior.',
    other: 'Não foi possível anexar:',
    offline: 'Sem conexão e o arquivo não está neste dispositivo.',
  },
};

type FilesText = typeof ptBR;

const es: FilesText = {
  title: 'Archivos',
  storageTitle: 'Almacenamiento de archivos',
  attach: 'Adjuntar archivo',
  camera: 'Tomar foto',
  dropHere: 'Suelte archivos aquí',
  open: 'Abrir',
  close: 'Cerrar',
  newVersion: 'Nueva versión',
  history: 'Versiones anteriores',
  delete: 'Eliminar',
  restore: 'Restaurar',
  noFiles: 'Sin archivos.',
  noPreview: 'Sin vista previa para este tipo.',
  download: 'Descargar',
  owner: 'Pertenece a',
  type: 'Tipo',
  from: 'Desde',
  to: 'Hasta',
  state: 'Estado',
  all: 'Todos',
  showDeleted: 'Mostrar eliminados',
  states: {
    uploaded: 'Subido',
    queued: 'En cola',
    uploading: 'Subiendo',
    verifying: 'Verificando',
    waiting: 'Esperando conexión',
    failed: 'Falló',
    elsewhere: 'No está en este dispositivo',
    deleted: 'Eliminado',
  },
  retry: 'Reintentar',
  cache: 'Caché de descargas',
  cacheUsage: '{{used}} de {{quota}} usados ({{files}} archivos; {{pinned}} esperan subida)',
  cacheQuota: 'Límite de la caché (MB)',
  save: 'Guardar',
  reconcile: 'Reconciliar almacenamiento',
  reconcileHelp: 'Compara el bucket con la tabla de archivos. Primero muestra un informe sin cambiar nada.',
  dryRun: 'Simular (sin cambios)',
  apply: 'Aplicar estos cambios',
  adminOnly: 'Solo administradores.',
  errors: {
    empty_file: 'El archivo está vacío.',
    file_too_large: 'El archivo es demasiado grande.',
    type_not_allowed: 'Este tipo de archivo no se acepta aquí.',
    name_empty: 'El nombre del archivo está vacío.',
    name_has_path: 'El nombre no puede contener rutas (/, \\, ..).',
    name_has_control_characters: 'El nombre contiene caracteres de control.',
    name_too_long: 'El nombre tiene más de 255 caracteres.',
    invalid_owner: 'Este registro no acepta archivos.',
    same_as_replaced: 'La nueva versión es idéntica a la anterior.',
    other: 'No se pudo adjuntar:',
    offline: 'Sin conexión y el archivo no está en este dispositivo.',
  },
};

const en: FilesText = {
  title: 'Files',
  storageTitle: 'File storage',
  attach: 'Attach file',
  camera: 'Take photo',
  dropHere: 'Drop files here',
  open: 'Open',
  close: 'Close',
  newVersion: 'New version',
  history: 'Earlier versions',
  delete: 'Delete',
  restore: 'Restore',
  noFiles: 'No files.',
  noPreview: 'No preview for this type.',
  download: 'Download',
  owner: 'Belongs to',
  type: 'Type',
  from: 'From',
  to: 'To',
  state: 'State',
  all: 'All',
  showDeleted: 'Show deleted',
  states: {
    uploaded: 'Uploaded',
    queued: 'Queued',
    uploading: 'Uploading',
    verifying: 'Verifying',
    waiting: 'Waiting for the link',
    failed: 'Failed',
    elsewhere: 'Not on this device',
    deleted: 'Deleted',
  },
  retry: 'Retry',
  cache: 'Downloads cache',
  cacheUsage: '{{used}} of {{quota}} used ({{files}} files; {{pinned}} waiting to upload)',
  cacheQuota: 'Cache limit (MB)',
  save: 'Save',
  reconcile: 'Reconcile storage',
  reconcileHelp: 'Compares the bucket with the files table. Shows a report first, changing nothing.',
  dryRun: 'Dry run (no changes)',
  apply: 'Apply these changes',
  adminOnly: 'Admins only.',
  errors: {
    empty_file: 'The file is empty.',
    file_too_large: 'The file is too large.',
    type_not_allowed: 'This type of file is not accepted here.',
    name_empty: 'The file name is empty.',
    name_has_path: 'The name cannot contain a path (/, \\, ..).',
    name_has_control_characters: 'The name contains control characters.',
    name_too_long: 'The name is longer than 255 characters.',
    invalid_owner: 'This record does not take files.',
    same_as_replaced: 'The new version is identical to the previous one.',
    other: 'Could not attach:',
    offline: 'Offline, and the file is not on this device.',
  },
};

export const filesText: Readonly<Record<'pt-BR' | 'es' | 'en', FilesText>> = { 'pt-BR': ptBR, es, en };

function ensureBundles(i18n: I18n): void {
  for (const [language, bundle] of Object.entries(filesText)) {
    if (!i18n.hasResourceBundle(language, 'files')) i18n.addResourceBundle(language, 'files', bundle);
  }
}

/** `t` of the files namespace (keys as above: `t('states.uploaded')`). */
export function useFilesText() {
  const { i18n } = useTranslation();
  ensureBundles(i18n);
  return useTranslation('files');
}
