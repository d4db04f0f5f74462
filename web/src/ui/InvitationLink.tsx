import { Alert, Button, Code, CopyButton, Stack, Text } from '@mantine/core';
import type { ReactElement } from 'react';
import { formatTime } from './page';

/** The single-use invitation link, shown once (only its hash is stored on the server). */
export function InvitationLink({ token, expiresAt }: { token: string; expiresAt: string }): ReactElement {
  const link = `${window.location.origin}/invite#${token}`;
  return (
    <Alert color="green" role="status" title="Invitation created">
      <Stack gap="xs">
        <Text size="sm">Send this link to the person by a channel you trust. It works once, until {formatTime(expiresAt)}, and is not shown again.</Text>
        <Code block className="cf-mono" data-testid="invitation-link">
          {link}
        </Code>
        <CopyButton value={link}>{({ copied, copy }) => <Button size="xs" variant="default" onClick={copy}>{copied ? 'Copied' : 'Copy link'}</Button>}</CopyButton>
      </Stack>
    </Alert>
  );
}
