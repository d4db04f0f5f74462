import { Button, Group, TextInput } from '@mantine/core';
import { useState, type FormEvent, type ReactElement } from 'react';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Chooses a client by record id, kept in the screen's state: never in the URL or the title. */
export function ClientIdForm({ onChoose, action }: { onChoose: (clientId: string) => void; action: string }): ReactElement {
  const [input, setInput] = useState('');
  const [invalid, setInvalid] = useState(false);
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    const id = input.trim();
    setInvalid(!UUID.test(id));
    if (UUID.test(id)) onChoose(id.toLowerCase());
  };
  return (
    <form onSubmit={submit} noValidate>
      <Group align="flex-end">
        <TextInput label="Client id" description="The client's record id (a uuid)" value={input} onChange={(e) => setInput(e.currentTarget.value)} error={invalid ? 'Expected a client id such as 3f0c…-…' : undefined} miw={360} />
        <Button type="submit">{action}</Button>
      </Group>
    </form>
  );
}
