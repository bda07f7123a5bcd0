import { useEffect, useMemo, useState } from 'react';
import type { ProtocolInfo } from '../../src-main/api/peerscope-api';
import type { JsonObject } from '../../decoders/core/json';
import type { Note } from '../../decoders/core/notes';
import { errorText } from '../api/api-transport';
import { useEngineQuery } from '../components/use-engine-query';
import { useWorkbench } from '../components/workbench-context';
import { useStore } from '../state/store';
import { encodeProblem, syntaxProblem } from './encode-problem';
import { messageSchema, messageTemplate } from './message-schema';
import type { EditorProblem } from './monaco-json-editor';

export type ComposerOutcome = { tone: 'ok' | 'error'; text: string } | null;

const pretty = (value: JsonObject) => JSON.stringify(value, null, 2);

/** The `"message"` a JSON text names, read without parsing (the text may be half typed). */
export function namedMessage(text: string): string | null {
  return /"message"\s*:\s*"([^"\\]+)"/.exec(text)?.[1] ?? null;
}

/** The composer's state and what it does: templates, the JSON being edited, encoding and decoding by the engine. */
export function useComposer() {
  const { api, ui } = useWorkbench();
  const protocols = useEngineQuery(() => api.protocols(), [api]).data ?? [];
  const seed = useStore(ui, (s) => s.composerSeed);
  const [protocolName, setProtocolName] = useState('hobbits');
  const [messageName, setMessageName] = useState('');
  const [text, setText] = useState('');
  const [hex, setHex] = useState('');
  const [outcome, setOutcome] = useState<ComposerOutcome>(null);
  const [notes, setNotes] = useState<Note[]>([]);
  const [problem, setProblem] = useState<EditorProblem | null>(null);

  const protocol = protocols.find((p) => p.name === protocolName) ?? protocols[0];
  const schema = useMemo(
    () => (protocol ? messageSchema(protocol.schema, messageName) : null),
    [protocol, messageName],
  );

  const show = (json: JsonObject, next: ComposerOutcome) => {
    setText(pretty(json));
    setProblem(null);
    setOutcome(next);
  };

  const startMessage = (info: ProtocolInfo, name: string) => {
    setProtocolName(info.name);
    setMessageName(name);
    show(messageTemplate(info.schema, name), null);
  };

  useEffect(() => {
    if (protocol && !messageName && !seed) startMessage(protocol, protocol.messages[0]?.name ?? '');
    // startMessage is a new function every render; what decides is the protocol list and the message chosen.
  }, [protocol, messageName, seed]);

  useEffect(() => {
    if (!seed) return;
    setProtocolName(seed.protocol);
    setMessageName(namedMessage(JSON.stringify(seed.message)) ?? '');
    show(seed.message, { tone: 'ok', text: 'Loaded the selected message: edit it and encode.' });
    ui.update({ composerSeed: null });
  }, [seed, ui]);

  const editText = (value: string) => {
    setText(value);
    setProblem(null);
    // The message named in the JSON picks the schema, as the Message list does.
    const named = namedMessage(value);
    if (named && named !== messageName && protocol?.messages.some((m) => m.name === named)) setMessageName(named);
  };

  const encode = async () => {
    let message: JsonObject;
    try {
      message = JSON.parse(text) as JsonObject;
    } catch (e) {
      setProblem(syntaxProblem(text, errorText(e)));
      setOutcome({ tone: 'error', text: `Not JSON: ${errorText(e)}` });
      return;
    }
    const result = await api.encode(protocolName, message).catch((e: unknown) => ({ error: errorText(e), path: '' }));
    if ('hex' in result) {
      setHex(result.hex);
      setProblem(null);
      setOutcome({ tone: 'ok', text: `Encoded: ${result.hex.replace(/^0x/, '').length / 2} bytes` });
    } else {
      setProblem(encodeProblem(text, result.path, result.error));
      setOutcome({ tone: 'error', text: result.path ? `${result.path}: ${result.error}` : result.error });
    }
  };

  const decode = async () => {
    try {
      const { record } = await api.decode(protocolName, hex.replace(/\s+/g, ''));
      setMessageName(record.message);
      setNotes(record.notes);
      show(
        { message: record.message, fields: record.fields },
        { tone: 'ok', text: `Decoded ${record.protocol} ${record.message}` },
      );
    } catch (e) {
      setOutcome({ tone: 'error', text: errorText(e) });
    }
  };

  return {
    protocols,
    protocol,
    messageName,
    text,
    hex,
    outcome,
    notes,
    problem,
    schema,
    startMessage,
    editText,
    setHex,
    encode,
    decode,
  };
}

export type Composer = ReturnType<typeof useComposer>;
