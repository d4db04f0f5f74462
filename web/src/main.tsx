import '@mantine/core/styles.css';
import './app.css';
import { MantineProvider, type MantineColorSchemeManager } from '@mantine/core';
import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { App } from './app/App';
import { queryClient } from './app/query-client';

/** Confidant keeps nothing in browser storage, not even the colour scheme (see docs/SECURITY.md, Web app). */
const noStorage: MantineColorSchemeManager = { get: (d) => d, set: () => undefined, subscribe: () => undefined, unsubscribe: () => undefined, clear: () => undefined };

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      {/*
        The server's CSP refuses inline <style> elements. Mantine's stylesheet already carries the
        default theme's CSS variables, so the provider must not inject them (withCssVariables) nor its
        responsive helper classes (withGlobalClasses); style props reach the DOM through the CSSOM,
        which CSP allows. The app avoids components that inject <style> tags (responsive style props,
        AppShell, Modal's scroll lock).
      */}
      <MantineProvider withCssVariables={false} withGlobalClasses={false} colorSchemeManager={noStorage} forceColorScheme="light">
        <QueryClientProvider client={queryClient}>
          <BrowserRouter>
            <App />
          </BrowserRouter>
        </QueryClientProvider>
      </MantineProvider>
    </StrictMode>,
  );
}
