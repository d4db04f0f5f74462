/** Contact preferences as the API keeps them (src/modules/clients/record.ts): no contact by default. */
export interface ContactPreferences {
  preferredChannel: 'phone' | 'text' | 'email' | 'mail' | null;
  okToLeaveVoicemail: boolean;
  okToText: boolean;
  okToEmail: boolean;
  okToMail: boolean;
}

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
  contactPreferences: Partial<ContactPreferences>;
  createdAt: string;
  updatedAt: string;
}

/** Props of every chart section. */
export interface ChartTabProps {
  client: ClientView;
}

export const chartKey = (clientId: string): readonly unknown[] => ['clinical', 'client', clientId];
/** Everything cached about one client (chart sections add a suffix). */
export const clientDataKey = (clientId: string, ...rest: string[]): readonly unknown[] => ['clinical', 'client', clientId, ...rest];
