import { Text } from '@mantine/core';
import type { ReactElement } from 'react';
import type { ChartTabProps } from './client-view';

export function CareTeamTab(_props: ChartTabProps): ReactElement {
  return <Text>Not built yet.</Text>;
}
