import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { RoomSession } from '../session/RoomSession.js';
import type { AppState, AppStore } from '../store/appStore.js';

/** The long-lived objects of the app, created once in main.tsx and reached through hooks. */
export interface Services {
  store: AppStore;
  session: RoomSession;
}

const ServicesContext = createContext<Services | null>(null);

export function ServicesProvider({ services, children }: { services: Services; children: ReactNode }) {
  return <ServicesContext.Provider value={services}>{children}</ServicesContext.Provider>;
}

function useServices(): Services {
  const services = useContext(ServicesContext);
  if (!services) throw new Error('ServicesProvider is missing above this component');
  return services;
}

/**
 * Reads a slice of the store; the component re-renders when it changes.
 * Select primitives or stable references (not new arrays/objects), or React
 * will see a new value on every render.
 */
export function useAppState<T>(selector: (state: AppState) => T): T {
  return useStore(useServices().store, selector);
}

export function useRoomSession(): RoomSession {
  return useServices().session;
}
