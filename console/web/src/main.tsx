import { lazy, StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { ApiProblem } from './api/client';
import { SessionProvider } from './auth/SessionContext';
import { SignInPage } from './auth/SignInPage';
import { Shell } from './layout/Shell';
import { ContactsPage } from './contacts/ContactsPage';
import { ContactPage } from './contacts/ContactPage';
import { SegmentsPage } from './segments/SegmentsPage';
import { CustomFieldsPage } from './customFields/CustomFieldsPage';
import { ImportWizard } from './imports/ImportWizard';
import { ImportHistoryPage } from './imports/ImportHistoryPage';
import { DncPage } from './dnc/DncPage';
import { CampaignsPage } from './campaigns/CampaignsPage';
import './styles.css';

// the campaign page carries the chart library: loaded when first opened
const CampaignPage = lazy(() => import('./campaigns/CampaignPage').then((m) => ({ default: m.CampaignPage })));

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 5_000,
      // a 4xx will not get better by asking again
      retry: (count, error) => !(error instanceof ApiProblem && error.status < 500) && count < 2,
    },
  },
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <SessionProvider>
        <BrowserRouter>
          <Routes>
            <Route path="/sign-in" element={<SignInPage />} />
            <Route element={<Shell />}>
              <Route path="/contacts" element={<ContactsPage />} />
              <Route path="/contacts/:id" element={<ContactPage />} />
              <Route path="/segments" element={<SegmentsPage />} />
              <Route path="/custom-fields" element={<CustomFieldsPage />} />
              <Route path="/imports" element={<ImportHistoryPage />} />
              <Route path="/imports/new" element={<ImportWizard />} />
              <Route path="/dnc" element={<DncPage />} />
              <Route path="/campaigns" element={<CampaignsPage />} />
              <Route path="/campaigns/:id" element={<Suspense fallback={<p className="state">Loading…</p>}><CampaignPage /></Suspense>} />
            </Route>
            <Route path="*" element={<Navigate to="/contacts" replace />} />
          </Routes>
        </BrowserRouter>
      </SessionProvider>
    </QueryClientProvider>
  </StrictMode>,
);
