import { Text } from '@mantine/core';
import type { ReactElement } from 'react';
import type { ChartTabProps } from '../chart/client-view';

export function PsychotherapyNotesTab(_props: ChartTabProps): ReactElement {
  return <Text>Not built yet.</Text>;
}
