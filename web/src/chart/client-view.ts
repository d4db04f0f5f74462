/** The client as GET /api/practice/clients/:clientId returns it (src/modules/clients/service.ts). */
export interface ClientView {
  id: string;
  displayName: string;
  status: 'active' | 'discharged';
  dischargedOn: string | null;
  dischargeReason: string | null;
  minor: boolean;
  demographics: {
    legalFirstName: string;
    legalLastName: string;
    preferredName?: string;
    pronouns?: string;
    dateOfBirth: string;
    [field: string]: unknown;
  };
  contactPreferences: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}

/** Props of every chart section. */
export interface ChartTabProps {
  client: ClientView;
}

export const chartKey = (clientId: string): readonly unknown[] => ['clinical', 'client', clientId];
