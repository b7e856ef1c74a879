import { createBrowserRouter, Navigate, RouterProvider } from 'react-router-dom';
import { useMemo } from 'react';
import { AppLayout } from './layout/app-layout.tsx';
import { RouteError } from './layout/route-error.tsx';
import { PatientsPage } from './features/patients/patients-page.tsx';
import { PatientFormPage } from './features/patients/patient-form-page.tsx';
import { PatientDetailPage } from './features/patients/patient-detail-page.tsx';
import { SettingsPage } from './features/settings/settings-page.tsx';
import { StoragePage } from './features/files/storage-page.tsx';
import { SyncPanelPage } from './features/sync-panel/sync-panel-page.tsx';
import { TrashPage } from './features/trash/trash-page.tsx';
import { DuplicatesPage } from './features/duplicates/duplicates-page.tsx';
import { DataHomePage } from './features/data-browser/data-home-page.tsx';
import { TablePage } from './features/data-browser/table-page.tsx';
import { RecordFormPage } from './features/data-browser/record-form-page.tsx';
import { AgendaPage } from './features/agenda/agenda-page.tsx';
import { BookingPage } from './features/agenda/booking-page.tsx';
import { EncounterPage } from './features/encounters/encounter-page.tsx';
import { ConflictsPage } from './features/conflicts/conflicts-page.tsx';
import { ConflictDetailPage } from './features/conflicts/conflict-detail-page.tsx';
import { MyDayPage } from './features/my-day/my-day-page.tsx';
import { HomeRedirect } from './features/my-day/home-redirect.tsx';
import { DocumentPage } from './features/documents/document-page.tsx';
import { InvoicesPage } from './features/billing/invoices-page.tsx';
import { InvoicePage } from './features/billing/invoice-page.tsx';
import { ReceiptPage } from './features/billing/receipt-page.tsx';
import { CashClosurePage } from './features/billing/cash-closure-page.tsx';
import { StockPage } from './features/stock/stock-page.tsx';
import { StockItemPage } from './features/stock/stock-item-page.tsx';

/** Every screen hangs under the layout, so the header and its sync indicator are always there. */
export function AppRouter() {
  const router = useMemo(
    () =>
      createBrowserRouter([
        {
          element: <AppLayout />,
          errorElement: <RouteError />,
          children: [
            { index: true, element: <HomeRedirect /> },
            { path: 'my-day', element: <MyDayPage /> },
            { path: 'documents/:kind/:id', element: <DocumentPage /> },
            { path: 'patients', element: <PatientsPage /> },
            { path: 'patients/new', element: <PatientFormPage /> },
            { path: 'patients/:id', element: <PatientDetailPage /> },
            { path: 'patients/:id/edit', element: <PatientFormPage /> },
            { path: 'settings', element: <SettingsPage /> },
            { path: 'storage', element: <StoragePage /> },
            { path: 'sync', element: <SyncPanelPage /> },
            { path: 'conflicts', element: <ConflictsPage /> },
            { path: 'trash', element: <TrashPage /> },
            { path: 'agenda', element: <AgendaPage /> },
            { path: 'agenda/book', element: <BookingPage /> },
            { path: 'encounters/:id', element: <EncounterPage /> },
            { path: 'billing', element: <InvoicesPage /> },
            { path: 'billing/invoices/:id', element: <InvoicePage /> },
            { path: 'billing/receipts/:id', element: <ReceiptPage /> },
            { path: 'billing/cash', element: <CashClosurePage /> },
            { path: 'stock', element: <StockPage /> },
            { path: 'stock/:id', element: <StockItemPage /> },
            { path: 'data', element: <DataHomePage /> },
            { path: 'data/:table', element: <TablePage /> },
            { path: 'data/:table/new', element: <RecordFormPage /> },
            { path: 'data/:table/:id', element: <RecordFormPage /> },
            { path: 'duplicates', element: <DuplicatesPage /> },
            { path: 'conflicts/:id', element: <ConflictDetailPage /> },
            { path: '*', element: <Navigate to="/patients" replace /> },
          ],
        },
      ]),
    [],
  );
  return <RouterProvider router={router} />;
}
